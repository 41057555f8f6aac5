package dev.myelin.homeserver.client;

import dev.myelin.homeserver.http.Router;

/** Registers every Client-Server endpoint on a router. */
public final class ClientApi {
    private ClientApi() {
    }

    public static Router routes(ClientContext context) {
        var router = new Router();
        new DiscoveryEndpoints(context).register(router);
        new RegistrationEndpoints(context).register(router);
        new LoginEndpoints(context).register(router);
        new ClientStateEndpoints(context).register(router);
        new OpenIdEndpoints(context).register(router);
        new DeviceEndpoints(context).register(router);
        return router;
    }
}
