package dev.myelin.homeserver.auth;

import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import java.util.Optional;

/** Resolves the access token of a request ({@code Authorization: Bearer} or {@code ?access_token=}) to its owner. */
public final class Authenticator {
    private final Storage storage;

    public Authenticator(Storage storage) {
        this.storage = storage;
    }

    /** The requester; 401 {@code M_MISSING_TOKEN} without a token, 401 {@code M_UNKNOWN_TOKEN} for a bad one. */
    public Requester authenticate(ApiRequest request) {
        String token = token(request).orElseThrow(MatrixException::missingToken);
        String hash = Secrets.tokenHash(token);
        return storage.read(repositories -> repositories.accessTokens().find(hash))
                .map(owner -> new Requester(owner.userId(), owner.deviceId()))
                .orElseThrow(() -> MatrixException.unknownToken().with("soft_logout", JsonValue.of(false)));
    }

    /** The token the request carries, if any. Both forms at once is refused, as Synapse does. */
    public static Optional<String> token(ApiRequest request) {
        Optional<String> header = request.header("Authorization");
        Optional<String> query = request.query("access_token");
        if (header.isPresent() && query.isPresent()) {
            throw new MatrixException(400, ErrorCode.MISSING_TOKEN,
                    "Mixing Authorization headers and access_token query parameters");
        }
        if (header.isPresent()) {
            String value = header.get().strip();
            if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new MatrixException(401, ErrorCode.MISSING_TOKEN, "Invalid Authorization header");
            }
            String token = value.substring(7).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return query.filter(token -> !token.isEmpty());
    }
}
