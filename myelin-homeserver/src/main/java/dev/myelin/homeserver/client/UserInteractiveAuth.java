package dev.myelin.homeserver.client;

import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.storage.UserRecord;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * User-interactive auth for sensitive requests of a logged-in user (deleting devices): one {@code m.login.password}
 * stage re-proving the account's password ({@code m.login.dummy} for an account that has none). Without
 * {@code auth}, or with a wrong password, the answer is the 401 that lists the flow and a session; wrong passwords
 * spend the account's failed-login bucket, as a login would.
 */
final class UserInteractiveAuth {
    static final String PASSWORD = "m.login.password";
    static final String DUMMY = "m.login.dummy";

    private final ClientContext context;

    UserInteractiveAuth(ClientContext context) {
        this.context = context;
    }

    /**
     * Empty once the body's {@code auth} proves the requester; otherwise the 401 to answer: the flows and a new
     * session, plus {@code M_FORBIDDEN} after a wrong password (as Synapse answers).
     */
    Optional<ApiResponse> check(Requester requester, JsonObject body) {
        UserRecord account = context.storage().read(repositories -> repositories.users().find(requester.userId()))
                .orElseThrow(MatrixException::unknownToken);
        String stage = account.passwordHash().isPresent() ? PASSWORD : DUMMY;
        Optional<JsonObject> auth = body.optionalObject("auth");
        if (auth.isEmpty()) {
            return Optional.of(challenge(stage, Optional.empty()));
        }
        auth.get().optionalString("session").ifPresent(session -> {
            boolean known = context.storage().write(repositories -> repositories.uiaSessions().consume(session));
            if (!known) {
                throw new MatrixException(400, ErrorCode.UNKNOWN, "Unknown session ID");
            }
        });
        String type = auth.get().optionalString("type")
                .orElseThrow(() -> MatrixException.missingParam("Missing 'type' in 'auth'"));
        if (!type.equals(stage)) {
            throw new MatrixException(400, ErrorCode.UNRECOGNIZED, "Unrecognised auth type '" + type + "'");
        }
        if (stage.equals(DUMMY)) {
            return Optional.empty();
        }
        String accountKey = requester.userId().toString().toLowerCase(Locale.ROOT);
        context.limiters().failedLoginsPerAccount().check(accountKey);
        if (!identifies(auth.get(), requester.userId())) {
            throw MatrixException.forbidden("Requester is not the user named in the auth");
        }
        String password = Bodies.password(auth.get()).orElseThrow(() -> MatrixException.missingParam(
                "Missing 'password' in 'auth'"));
        if (!context.passwords().verify(password, account.passwordHash().get())) {
            context.limiters().failedLoginsPerAccount().acquire(accountKey);
            return Optional.of(challenge(stage, Optional.of("Invalid password")));
        }
        return Optional.empty();
    }

    /** The {@code identifier} (or deprecated {@code user}) names the requester; absent means the requester. */
    private boolean identifies(JsonObject auth, UserId requester) {
        Optional<String> named = auth.optionalObject("identifier").flatMap(id -> id.optionalString("user"))
                .or(() -> auth.optionalString("user"));
        if (named.isEmpty()) {
            return true;
        }
        try {
            UserId userId = named.get().startsWith("@") ? UserId.parse(named.get())
                    : new UserId(named.get(), context.serverName());
            return userId.toString().equalsIgnoreCase(requester.toString());
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    private ApiResponse challenge(String stage, Optional<String> failure) {
        String session = context.secrets().newSessionId();
        context.storage().write(repositories -> {
            repositories.uiaSessions().create(session, context.now());
            return null;
        });
        var body = JsonObject.builder()
                .put("session", session)
                .put("flows", new JsonArray(List.of(JsonObject.builder()
                        .put("stages", JsonValue.ofStrings(List.of(stage))).build())))
                .put("params", JsonObject.EMPTY)
                .put("completed", JsonArray.EMPTY);
        failure.ifPresent(message -> body.put("errcode", ErrorCode.FORBIDDEN.value()).put("error", message));
        return ApiResponse.of(401, body.build());
    }
}
