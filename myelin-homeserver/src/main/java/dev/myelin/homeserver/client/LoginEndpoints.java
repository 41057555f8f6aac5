package dev.myelin.homeserver.client;

import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.UserRecord;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code GET/POST /login} ({@code m.login.password}), {@code /logout}, {@code /logout/all}, {@code /account/whoami}. */
final class LoginEndpoints {
    static final String PASSWORD = "m.login.password";

    private final ClientContext context;

    LoginEndpoints(ClientContext context) {
        this.context = context;
    }

    void register(Router router) {
        router.client("GET", "/login", this::flows);
        router.client("POST", "/login", this::login);
        router.client("POST", "/logout", this::logout);
        router.client("POST", "/logout/all", this::logoutAll);
        router.client("GET", "/account/whoami", this::whoami);
    }

    private ApiResponse flows(ApiRequest request) {
        JsonObject flow = JsonObject.builder().put("type", PASSWORD).build();
        return ApiResponse.ok(JsonObject.builder().put("flows", new JsonArray(List.of(flow))).build());
    }

    /**
     * Rate limits as Synapse applies them: every attempt counts against the client's address; an account whose
     * failed-attempt bucket is empty is refused before the password is even checked; each wrong password spends one;
     * each successful login counts against the account.
     */
    private ApiResponse login(ApiRequest request) {
        context.limiters().loginPerAddress().acquire(request.remoteAddress());
        JsonObject body = request.jsonBody();
        String type = body.string("type");
        if (!type.equals(PASSWORD)) {
            throw new MatrixException(400, ErrorCode.UNKNOWN, "Unknown login type '" + type + "'");
        }
        String user = userField(body);
        String password = Bodies.password(body)
                .orElseThrow(() -> MatrixException.missingParam("Missing 'password'"));
        var deviceId = Bodies.deviceId(body);
        var displayName = Bodies.displayName(body, "initial_device_display_name");

        UserId userId = resolveUser(user);
        String accountKey = userId.toString().toLowerCase(Locale.ROOT);
        context.limiters().failedLoginsPerAccount().check(accountKey);
        Optional<UserRecord> account = context.storage().read(repositories -> findAccount(repositories, userId));
        boolean valid = account.flatMap(UserRecord::passwordHash)
                .map(hash -> context.passwords().verify(password, hash))
                .orElseGet(() -> {
                    context.passwords().verifyDecoy(password);
                    return false;
                });
        if (!valid || account.get().deactivated()) {
            context.limiters().failedLoginsPerAccount().acquire(accountKey);
            throw MatrixException.forbidden("Invalid username or password");
        }
        context.limiters().loginPerAccount().acquire(accountKey);
        UserId canonical = account.get().id();
        var session = context.storage().write(repositories ->
                Sessions.start(context, repositories, canonical, deviceId, displayName));
        return ApiResponse.ok(session.toJson(context.serverName().value()));
    }

    /** The user named by {@code identifier} (type {@code m.id.user}) or the deprecated top-level {@code user}. */
    private static String userField(JsonObject body) {
        Optional<JsonObject> identifier = body.optionalObject("identifier");
        if (identifier.isPresent()) {
            String identifierType = identifier.get().string("type");
            if (!identifierType.equals("m.id.user")) {
                throw new MatrixException(400, ErrorCode.UNKNOWN, "Unknown login identifier type '"
                        + identifierType + "'");
            }
            return identifier.get().string("user");
        }
        return body.optionalString("user")
                .orElseThrow(() -> MatrixException.missingParam("Missing 'identifier' or 'user'"));
    }

    /** A full user id must be ours; a bare localpart is completed with our server name. */
    private UserId resolveUser(String user) {
        try {
            UserId userId = user.startsWith("@") ? UserId.parse(user) : new UserId(user, context.serverName());
            if (!userId.server().equals(context.serverName())) {
                throw MatrixException.forbidden("Invalid username or password");
            }
            return userId;
        } catch (InvalidIdentifierException e) {
            throw MatrixException.forbidden("Invalid username or password");
        }
    }

    /** Exact match first; registration lower-cases localparts, so a mixed-case login finds the account too. */
    private static Optional<UserRecord> findAccount(Repositories repositories,
            UserId userId) {
        Optional<UserRecord> exact = repositories.users().find(userId);
        if (exact.isPresent()) {
            return exact;
        }
        String lower = userId.localpart().toLowerCase(Locale.ROOT);
        return lower.equals(userId.localpart())
                ? Optional.empty()
                : repositories.users().find(new UserId(lower, userId.server()));
    }

    private ApiResponse logout(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        context.storage().write(repositories ->
                repositories.devices().delete(requester.userId(), requester.deviceId()));
        return ApiResponse.empty();
    }

    private ApiResponse logoutAll(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        context.storage().write(repositories -> {
            for (var device : repositories.devices().list(requester.userId())) {
                repositories.devices().delete(device.userId(), device.deviceId());
            }
            return null;
        });
        return ApiResponse.empty();
    }

    private ApiResponse whoami(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        return ApiResponse.ok(JsonObject.builder()
                .put("user_id", requester.userId().toString())
                .put("device_id", requester.deviceId().value())
                .put("is_guest", false)
                .build());
    }
}
