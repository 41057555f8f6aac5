package dev.myelin.homeserver.client;

import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
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
 * {@code POST /register} with user-interactive auth and the single stage {@code m.login.dummy}, in the order
 * Synapse checks: kind, registration enabled, username, then auth. The first call (no {@code auth}) answers
 * 401 {@code {flows, params, session}}; the retry with {@code auth:{type:"m.login.dummy", session}} registers.
 */
final class RegistrationEndpoints {
    static final String DUMMY = "m.login.dummy";

    private final ClientContext context;

    RegistrationEndpoints(ClientContext context) {
        this.context = context;
    }

    void register(Router router) {
        router.client("POST", "/register", this::register);
        router.client("GET", "/register/available", this::available);
    }

    private ApiResponse register(ApiRequest request) {
        String kind = request.query("kind").orElse("user");
        if (kind.equals("guest")) {
            throw new MatrixException(403, ErrorCode.GUEST_ACCESS_FORBIDDEN, "Guest access is disabled");
        }
        if (!kind.equals("user")) {
            throw MatrixException.invalidParam("Invalid registration kind '" + kind + "'");
        }
        JsonObject body = request.jsonBody();
        if (!context.config().registrationEnabled()) {
            throw MatrixException.forbidden("Registration has been disabled");
        }
        // Checked on every step, spent only when an account is made (as Synapse's rc_registration).
        context.limiters().registrationPerAddress().check(request.remoteAddress());
        Optional<UserId> desired = body.optionalString("username").map(this::checkUsername);
        // Checked before auth too, so a client learns of a taken name before walking the flow.
        desired.ifPresent(this::requireAvailable);
        Optional<String> password = Bodies.password(body);
        var deviceId = Bodies.deviceId(body);
        var displayName = Bodies.displayName(body, "initial_device_display_name");
        boolean inhibitLogin = body.optionalBool("inhibit_login").orElse(false);

        Optional<JsonObject> auth = body.optionalObject("auth");
        if (auth.isEmpty()) {
            return uiaChallenge();
        }
        String type = auth.get().optionalString("type")
                .orElseThrow(() -> MatrixException.missingParam("Missing 'type' in 'auth'"));
        if (!type.equals(DUMMY)) {
            throw new MatrixException(400, ErrorCode.UNRECOGNIZED, "Unrecognised auth type '" + type + "'");
        }
        Optional<String> session = auth.get().optionalString("session");
        String passwordHash = password.map(context.passwords()::hash).orElse(null);
        context.limiters().registrationPerAddress().acquire(request.remoteAddress());

        return context.storage().write(repositories -> {
            // A dummy stage without a session completes in one step, as in Synapse; a named one must exist.
            if (session.isPresent() && !repositories.uiaSessions().consume(session.get())) {
                throw new MatrixException(400, ErrorCode.UNKNOWN, "Unknown session ID");
            }
            UserId userId = desired.orElseGet(() -> UserId.create(context.secrets().newLocalpart(),
                    context.serverName()));
            var record = new UserRecord(userId, Optional.ofNullable(passwordHash), context.now(), false);
            if (!repositories.users().create(record)) {
                throw new MatrixException(400, ErrorCode.USER_IN_USE, "User ID already taken.");
            }
            if (inhibitLogin) {
                return ApiResponse.ok(JsonObject.builder().put("user_id", userId.toString()).build());
            }
            var started = Sessions.start(context, repositories, userId, deviceId, displayName);
            return ApiResponse.ok(started.toJson(context.serverName().value()));
        });
    }

    private ApiResponse uiaChallenge() {
        String session = context.secrets().newSessionId();
        context.storage().write(repositories -> {
            repositories.uiaSessions().create(session, context.now());
            return null;
        });
        JsonObject flow = JsonObject.builder().put("stages", JsonValue.ofStrings(List.of(DUMMY))).build();
        return ApiResponse.of(401, JsonObject.builder()
                .put("session", session)
                .put("flows", new JsonArray(List.of(flow)))
                .put("params", JsonObject.EMPTY)
                .build());
    }

    private ApiResponse available(ApiRequest request) {
        String username = request.query("username")
                .orElseThrow(() -> MatrixException.missingParam("Missing 'username' parameter"));
        if (!context.config().registrationEnabled()) {
            throw MatrixException.forbidden("Registration has been disabled");
        }
        requireAvailable(checkUsername(username));
        return ApiResponse.ok(JsonObject.builder().put("available", true).build());
    }

    private void requireAvailable(UserId userId) {
        if (context.storage().read(repositories -> repositories.users().find(userId).isPresent())) {
            throw new MatrixException(400, ErrorCode.USER_IN_USE, "User ID already taken.");
        }
    }

    /** Today's localpart grammar, lower-cased as Synapse does; '_' starts are reserved for bridges. */
    private UserId checkUsername(String username) {
        String localpart = username.toLowerCase(Locale.ROOT);
        if (localpart.isEmpty() || localpart.startsWith("_")) {
            throw new MatrixException(400, ErrorCode.INVALID_USERNAME, "User ID may not be empty or begin with '_'");
        }
        try {
            return UserId.create(localpart, context.serverName());
        } catch (InvalidIdentifierException e) {
            throw new MatrixException(400, ErrorCode.INVALID_USERNAME,
                    "User ID can only contain characters a-z, 0-9, or '=_-./+'");
        }
    }
}
