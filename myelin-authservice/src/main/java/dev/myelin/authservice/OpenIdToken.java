package dev.myelin.authservice;

import java.util.Objects;

/**
 * An OpenID token as a client presents it.
 *
 * @param expiresIn the lifetime in seconds the client claims (0 when absent); only a hint for caching, never trusted
 *                  to extend a validation
 */
public record OpenIdToken(String accessToken, String matrixServerName, long expiresIn) {
    public OpenIdToken {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(matrixServerName, "matrixServerName");
    }

    @Override
    public String toString() {
        return "OpenIdToken[matrixServerName=" + matrixServerName + ", accessToken=<redacted>]";
    }
}
