package dev.myelin.authservice.delegation;

import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a server's Client-Server API base URL as upstream does before accepting a delayed-leave delegation:
 * {@code LIVEKIT_CS_API_URL_OVERRIDES}, then a four-hour cache, then {@code /.well-known/matrix/client}'s
 * {@code m.homeserver.base_url}.
 */
public final class ClientApiResolver {
    static final Duration CACHE_TTL = Duration.ofHours(4);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BYTES = 64 * 1024;

    private record Cached(String url, Instant expiresAt) {
    }

    private final Map<String, String> overrides;
    private final HttpClient http;
    private final InstantSource clock;
    private final boolean plainHttpToLoopback;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ClientApiResolver(Map<String, String> overrides, HttpClient http, InstantSource clock,
                             boolean plainHttpToLoopback) {
        this.overrides = Map.copyOf(overrides);
        this.http = http;
        this.clock = clock;
        this.plainHttpToLoopback = plainHttpToLoopback;
    }

    /** The base URL, or empty when the server publishes none (or cannot be reached). */
    public Optional<String> resolve(String serverName) {
        String override = overrides.get(serverName);
        if (override != null && !override.isEmpty()) {
            return Optional.of(override);
        }
        Cached cached = cache.get(serverName);
        if (cached != null && clock.instant().isBefore(cached.expiresAt())) {
            return Optional.of(cached.url());
        }
        Optional<String> discovered = wellKnown(serverName);
        discovered.ifPresent(url -> cache.put(serverName, new Cached(url, clock.instant().plus(CACHE_TTL))));
        return discovered;
    }

    private Optional<String> wellKnown(String serverName) {
        try {
            String scheme = plainHttpToLoopback && isLoopback(serverName) ? "http" : "https";
            var request = HttpRequest.newBuilder(URI.create(scheme + "://" + serverName + "/.well-known/matrix/client"))
                    .timeout(TIMEOUT).GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200 || response.body().length > MAX_BYTES) {
                return Optional.empty();
            }
            JsonObject body = Json.parseObject(response.body());
            return body.optionalObject("m.homeserver")
                    .flatMap(homeserver -> homeserver.optionalString("base_url"))
                    .filter(url -> !url.isEmpty());
        } catch (IOException | JsonException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean isLoopback(String serverName) {
        String host = serverName.startsWith("[") ? serverName.substring(1, Math.max(1, serverName.indexOf(']')))
                : serverName.contains(":") ? serverName.substring(0, serverName.indexOf(':')) : serverName;
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }
}
