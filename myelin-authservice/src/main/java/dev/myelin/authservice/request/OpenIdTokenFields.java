package dev.myelin.authservice.request;

/** The {@code openid_token} object as clients send it; {@code token_type} and {@code expires_in} are not checked. */
public record OpenIdTokenFields(String accessToken, String tokenType, String matrixServerName, long expiresIn) {
    static final GoStruct SHAPE = new GoStruct(java.util.Map.of(
            "access_token", GoStruct.STRING,
            "token_type", GoStruct.STRING,
            "matrix_server_name", GoStruct.STRING,
            "expires_in", GoStruct.INT));

    static OpenIdTokenFields from(GoStruct.Values values) {
        return new OpenIdTokenFields(values.string("access_token"), values.string("token_type"),
                values.string("matrix_server_name"), values.integer("expires_in"));
    }

    boolean isIncomplete() {
        return accessToken.isEmpty() || matrixServerName.isEmpty();
    }

    @Override
    public String toString() {
        return "OpenIdTokenFields[matrixServerName=" + matrixServerName + ", accessToken=<redacted>]";
    }
}
