package dev.myelin.authservice.openid;

import dev.myelin.authservice.OpenIdRejectedException;
import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Matrix server discovery (server-server API, "Resolving server names"): IP literal or explicit port as given; else
 * {@code /.well-known/matrix/server} and the same steps on the delegated name without another well-known; else SRV
 * {@code _matrix-fed._tcp} then {@code _matrix._tcp}; else port 8448.
 */
final class ServerDiscovery {
    static final int WELL_KNOWN_MAX_BYTES = 50 * 1024;
    /** As Go's default HTTP client. */
    static final int MAX_REDIRECTS = 10;

    private final FederationHttp http;
    private final SrvResolver srv;
    private final int wellKnownPort;
    private final int defaultPort;

    /** @param wellKnownPort 443 in production; tests point it at a loopback server */
    ServerDiscovery(FederationHttp http, SrvResolver srv, int wellKnownPort, int defaultPort) {
        this.http = http;
        this.srv = srv;
        this.wellKnownPort = wellKnownPort;
        this.defaultPort = defaultPort;
    }

    /** Candidate destinations in order of preference; an invalid server name is rejected. */
    List<Destination> resolve(String serverName) {
        ServerAddress address = ServerAddress.parse(serverName)
                .orElseThrow(() -> new OpenIdRejectedException("invalid server name"));
        if (address.ipLiteral() || address.port().isPresent()) {
            return withoutWellKnown(address, serverName);
        }
        Optional<String> delegated = wellKnown(address, serverName);
        if (delegated.isPresent()) {
            Optional<ServerAddress> delegatedAddress = ServerAddress.parse(delegated.get());
            if (delegatedAddress.isPresent()) {
                return withoutWellKnown(delegatedAddress.get(), delegated.get());
            }
        }
        return withoutWellKnown(address, serverName);
    }

    private List<Destination> withoutWellKnown(ServerAddress address, String name) {
        if (address.ipLiteral() || address.port().isPresent()) {
            return List.of(new Destination(address.host(), address.port().orElse(defaultPort), name, address.host()));
        }
        for (String service : List.of("_matrix-fed._tcp.", "_matrix._tcp.")) {
            List<SrvResolver.Target> targets = new ArrayList<>(srv.lookup(service + address.host()));
            if (!targets.isEmpty()) {
                targets.sort(Comparator.comparingInt(SrvResolver.Target::priority)
                        .thenComparing(Comparator.comparingInt(SrvResolver.Target::weight).reversed()));
                return targets.stream()
                        .map(t -> new Destination(t.host(), t.port(), name, address.host()))
                        .toList();
            }
        }
        return List.of(new Destination(address.host(), defaultPort, name, address.host()));
    }

    private Optional<String> wellKnown(ServerAddress address, String serverName) {
        var destination = new Destination(address.host(), wellKnownPort, serverName, address.host());
        String path = "/.well-known/matrix/server";
        try {
            for (int redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
                FederationHttp.Response response = http.get(destination, path, WELL_KNOWN_MAX_BYTES);
                if (isRedirect(response.status()) && !response.location().isEmpty()) {
                    // Go's HTTP client follows redirects for the well-known lookup; so do we, over HTTPS.
                    URI next = URI.create("https://" + destination.hostHeader() + path).resolve(response.location());
                    if (next.getHost() == null) {
                        return Optional.empty();
                    }
                    String host = next.getHost().startsWith("[")
                            ? next.getHost().substring(1, next.getHost().length() - 1) : next.getHost();
                    int port = next.getPort() >= 0 ? next.getPort()
                            : host.equals(destination.tlsName()) ? destination.port() : 443;
                    destination = new Destination(host, port, next.getRawAuthority(), host);
                    path = next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
                    continue;
                }
                if (response.status() != 200) {
                    return Optional.empty();
                }
                JsonObject body = Json.parseObject(response.body());
                return body.optionalString("m.server").filter(s -> !s.isEmpty());
            }
            return Optional.empty();
        } catch (IOException | JsonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }
}
