package dev.myelin.authservice.openid;

import dev.myelin.authservice.OpenIdRejectedException;
import dev.myelin.authservice.OpenIdToken;
import dev.myelin.authservice.OpenIdValidator;
import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Validates a token as lk-jwt-service does: {@code GET /_matrix/federation/v1/openid/userinfo} on the server that
 * discovery finds for {@code matrix_server_name}, over verified HTTPS; every candidate is tried, then all once more.
 */
public final class FederationOpenIdValidator implements OpenIdValidator {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final int USERINFO_MAX_BYTES = 64 * 1024;

    private final ServerDiscovery discovery;
    private final FederationHttp http;

    FederationOpenIdValidator(ServerDiscovery discovery, FederationHttp http) {
        this.discovery = discovery;
        this.http = http;
    }

    public static FederationOpenIdValidator create(boolean skipTlsVerification, boolean plainHttpToLoopback) {
        var http = new FederationHttp(skipTlsVerification, plainHttpToLoopback, TIMEOUT);
        return new FederationOpenIdValidator(new ServerDiscovery(http, new JndiSrvResolver(), 443, 8448), http);
    }

    @Override
    public String userIdFor(OpenIdToken token) {
        List<Destination> destinations = discovery.resolve(token.matrixServerName());
        String path = "/_matrix/federation/v1/openid/userinfo?access_token="
                + URLEncoder.encode(token.accessToken(), StandardCharsets.UTF_8);
        IOException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            for (Destination destination : destinations) {
                FederationHttp.Response response;
                try {
                    response = http.get(destination, path, USERINFO_MAX_BYTES);
                } catch (IOException e) {
                    last = e;
                    continue;
                }
                return subjectOf(response);
            }
        }
        throw new OpenIdRejectedException("no destination of " + token.matrixServerName() + " answered", last);
    }

    private static String subjectOf(FederationHttp.Response response) {
        if (response.status() < 200 || response.status() >= 300) {
            throw new OpenIdRejectedException("userinfo answered HTTP " + response.status());
        }
        try {
            return Json.parseObject(response.body()).optionalString("sub")
                    .filter(sub -> !sub.isEmpty())
                    .orElseThrow(() -> new OpenIdRejectedException("userinfo answer has no sub"));
        } catch (JsonException e) {
            throw new OpenIdRejectedException("userinfo answer is not the expected JSON: " + e.getMessage());
        }
    }
}
