package dev.myelin.homeserver.client;

import dev.myelin.homeserver.http.Router;

/** Registers every Client-Server endpoint on a router. */
public final class ClientApi {
    private ClientApi() {
    }

    /** @param changed wakes {@code /sync} long-polls after a change they report (push rules) */
    public static Router routes(ClientContext context, Runnable changed) {
        var router = new Router();
        new DiscoveryEndpoints(context).register(router);
        new RegistrationEndpoints(context).register(router);
        new LoginEndpoints(context).register(router);
        new ClientStateEndpoints(context).register(router);
        new OpenIdEndpoints(context).register(router);
        new DeviceEndpoints(context, changed).register(router);
        new PushRuleEndpoints(context, changed).register(router);
        return router;
    }
}
