package dev.myelin.homeserver.client;

import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.json.JsonBoolean;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.UserId;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code /pushrules}: the whole rule set (matrix-js-sdk reads it before its first sync; 404 ⇒ sync never starts), one
 * rule, its {@code enabled} and {@code actions}, and user rules created and deleted. A user's set is stored, once
 * changed, as the {@code m.push_rules} global account data (where the spec says clients find it, so other devices
 * learn of changes through {@code /sync}); until then the server defaults apply.
 */
final class PushRuleEndpoints {
    static final String ACCOUNT_DATA_TYPE = "m.push_rules";
    private final ClientContext context;
    private final Runnable changed;

    /** @param changed wakes {@code /sync} long-polls after a change */
    PushRuleEndpoints(ClientContext context, Runnable changed) {
        this.context = context;
        this.changed = changed;
    }

    void register(Router router) {
        router.client("GET", "/pushrules/", this::all);
        router.client("GET", "/pushrules", this::all);
        router.client("GET", "/pushrules/global/", this::global);
        router.client("GET", "/pushrules/{scope}/{kind}/{ruleId}", this::rule);
        router.client("PUT", "/pushrules/{scope}/{kind}/{ruleId}", this::putRule);
        router.client("DELETE", "/pushrules/{scope}/{kind}/{ruleId}", this::deleteRule);
        router.client("GET", "/pushrules/{scope}/{kind}/{ruleId}/enabled", request -> field(request, "enabled"));
        router.client("PUT", "/pushrules/{scope}/{kind}/{ruleId}/enabled", this::putEnabled);
        router.client("GET", "/pushrules/{scope}/{kind}/{ruleId}/actions", request -> field(request, "actions"));
        router.client("PUT", "/pushrules/{scope}/{kind}/{ruleId}/actions", this::putActions);
    }

    static PushRules load(Repositories repositories, UserId user) {
        return repositories.accountData().get(user, Optional.empty(), ACCOUNT_DATA_TYPE)
                .flatMap(content -> content.optionalObject("global"))
                .map(PushRules::fromJson)
                .orElseGet(() -> PushRules.defaults(user));
    }

    private PushRules current(Requester requester) {
        return context.storage().read(repositories -> load(repositories, requester.userId()));
    }

    private ApiResponse all(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        return ApiResponse.ok(JsonObject.builder().put("global", current(requester).toJson()).build());
    }

    private ApiResponse global(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        return ApiResponse.ok(current(requester).toJson());
    }

    private ApiResponse rule(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        requireGlobal(request);
        return ApiResponse.ok(current(requester).require(request.pathParameter("kind"),
                request.pathParameter("ruleId")));
    }

    private ApiResponse field(ApiRequest request, String name) {
        Requester requester = context.authenticator().authenticate(request);
        requireGlobal(request);
        JsonObject rule = current(requester).require(request.pathParameter("kind"), request.pathParameter("ruleId"));
        return ApiResponse.ok(JsonObject.builder().put(name, rule.get(name).orElse(JsonBoolean.TRUE)).build());
    }

    private ApiResponse putRule(ApiRequest request) {
        JsonObject body = request.jsonBody();
        return update(request, rules -> rules.put(request.pathParameter("kind"), request.pathParameter("ruleId"),
                body, request.query("before"), request.query("after")));
    }

    private ApiResponse deleteRule(ApiRequest request) {
        return update(request, rules -> rules.delete(request.pathParameter("kind"), request.pathParameter("ruleId")));
    }

    private ApiResponse putEnabled(ApiRequest request) {
        JsonObject body = request.jsonBody();
        boolean enabled = body.optional("enabled", JsonBoolean.class)
                .orElseThrow(() -> new MatrixException(400, ErrorCode.BAD_JSON, "Missing boolean 'enabled'")).value();
        return update(request, rules -> rules.withField(request.pathParameter("kind"),
                request.pathParameter("ruleId"), "enabled", JsonBoolean.of(enabled)));
    }

    private ApiResponse putActions(ApiRequest request) {
        JsonObject body = request.jsonBody();
        return update(request, rules -> rules.withField(request.pathParameter("kind"),
                request.pathParameter("ruleId"), "actions", PushRules.actions(body)));
    }

    /** Read, change and store the set in one transaction, so concurrent changes do not lose each other. */
    private ApiResponse update(ApiRequest request, UnaryOperator<PushRules> change) {
        Requester requester = context.authenticator().authenticate(request);
        requireGlobal(request);
        context.storage().write(repositories -> {
            PushRules updated = change.apply(load(repositories, requester.userId()));
            return repositories.accountData().put(requester.userId(), Optional.empty(), ACCOUNT_DATA_TYPE,
                    JsonObject.builder().put("global", updated.toJson()).build());
        });
        changed.run();
        return ApiResponse.empty();
    }

    private static void requireGlobal(ApiRequest request) {
        if (!"global".equals(request.pathParameter("scope"))) {
            throw MatrixException.invalidParam("Push rule scope must be 'global'");
        }
    }
}
