package dev.myelin.bench;

import dev.myelin.authservice.AuthService;
import dev.myelin.authservice.AuthServiceConfig;
import dev.myelin.authservice.BindAddress;
import dev.myelin.authservice.OpenIdValidator;
import dev.myelin.crypto.SecretBytes;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./myelin bench auth}: {@code POST /get_token} against the standalone authorization service in this JVM,
 * on loopback, with the OpenID validation cache the standalone service runs with and a fake homeserver behind it.
 * The users are not full-access, so no room is created (no SFU is contacted). For each client count, N clients on
 * virtual threads send requests back to back for a fixed time; the table gives requests per second and latency
 * percentiles. Client and server share the machine's cores, so the figures are a floor.
 */
public final class AuthBenchReport {
    /** No level sends more than this many requests, whatever its duration. */
    static final long MAX_REQUESTS_PER_LEVEL = 2_000_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** One client count's figures: how long it really took, latencies in nanoseconds (sorted), failures. */
    record Level(int clients, Duration duration, long[] sortedLatencies, long errors) {
        double requestsPerSecond() {
            return sortedLatencies.length / (duration.toNanos() / 1e9);
        }

        double percentileMillis(double p) {
            return ScenarioSupport.nearestRank(sortedLatencies, p) / 1e6;
        }
    }

    private AuthBenchReport() {
    }

    /** Warms up with the largest client count, then measures each count for {@code duration}. */
    public static int run(PrintStream out, List<Integer> clientCounts, Duration warmUp, Duration duration)
            throws InterruptedException {
        if (clientCounts.isEmpty() || clientCounts.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("client counts must be positive");
        }
        var levels = new ArrayList<Level>();
        int lookups;
        try (var homeserver = new LoopbackOpenIdHomeserver(); var service = startService()) {
            URI getToken = URI.create("http://127.0.0.1:" + service.port() + "/get_token");
            int most = clientCounts.stream().mapToInt(Integer::intValue).max().orElseThrow();
            out.printf(Locale.ROOT, "Auth service on 127.0.0.1:%d, fake homeserver on %s; warming up %d ms with %d "
                    + "clients...%n", service.port(), homeserver.serverName(), warmUp.toMillis(), most);
            load(getToken, homeserver.serverName(), most, warmUp);
            for (int clients : clientCounts) {
                levels.add(load(getToken, homeserver.serverName(), clients, duration));
            }
            lookups = homeserver.lookups();
        }
        print(out, levels, lookups);
        return levels.stream().anyMatch(level -> level.errors() > 0) ? 1 : 0;
    }

    private static AuthService startService() {
        var config = new AuthServiceConfig("ws://127.0.0.1:7880", "devkey",
                SecretBytes.copyOf("bench-secret-bench-secret-bench-secret".getBytes(StandardCharsets.UTF_8)),
                List.of("full-access.invalid"), new BindAddress("127.0.0.1", 0), false, true, Duration.ZERO,
                Map.of());
        InstantSource clock = InstantSource.system();
        return AuthService.start(config, OpenIdValidator.cached(OpenIdValidator.overFederation(config), clock), clock);
    }

    /** {@code clients} virtual threads, each with its own user and token, posting until {@code duration} is up. */
    static Level load(URI getToken, String serverName, int clients, Duration duration) throws InterruptedException {
        var sent = new AtomicLong();
        var errors = new AtomicLong();
        long begin = System.nanoTime();
        long end = begin + duration.toNanos();
        var lastReply = new AtomicLong(begin);
        List<Future<long[]>> results = new ArrayList<>();
        try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(REQUEST_TIMEOUT).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int client = 0; client < clients; client++) {
                HttpRequest request = HttpRequest.newBuilder(getToken).timeout(REQUEST_TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofString(getTokenBody(serverName, client))).build();
                results.add(executor.submit(() -> {
                    var latencies = new LongList();
                    while (System.nanoTime() < end && sent.incrementAndGet() <= MAX_REQUESTS_PER_LEVEL) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200 && response.body().contains("\"jwt\"")) {
                                latencies.add(System.nanoTime() - start);
                            } else {
                                errors.incrementAndGet();
                            }
                        } catch (java.io.IOException e) {
                            errors.incrementAndGet();
                        }
                    }
                    lastReply.accumulateAndGet(System.nanoTime(), Math::max);
                    return latencies.toArray();
                }));
            }
        }
        // Requests in flight at the deadline still count, so the level lasted until the last one came back.
        Duration elapsed = Duration.ofNanos(lastReply.get() - begin);
        var all = new LongList();
        for (Future<long[]> result : results) {
            try {
                all.addAll(result.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("a load client failed", e.getCause());
            }
        }
        long[] sorted = all.toArray();
        Arrays.sort(sorted);
        return new Level(clients, elapsed, sorted, errors.get());
    }

    /** A valid MSC4195 request for user {@code n} of the fake homeserver. */
    static String getTokenBody(String serverName, int n) {
        return """
                {"room_id":"!bench:example.com","slot_id":"m.call#ROOM",\
                "openid_token":{"access_token":"token-%d","token_type":"Bearer","matrix_server_name":"%s",\
                "expires_in":3600},"member":{"id":"member%d","claimed_user_id":"@user%d:%s",\
                "claimed_device_id":"DEVICE%d"}}""".formatted(n, serverName, n, n, serverName, n);
    }

    static void print(PrintStream out, List<Level> levels, int homeserverLookups) {
        out.println();
        out.printf(Locale.ROOT, "%7s %9s %10s %9s %9s %9s %9s %7s%n", "clients", "seconds", "requests", "req/s",
                "p50 ms", "p99 ms", "max ms", "errors");
        for (Level level : levels) {
            out.printf(Locale.ROOT, "%7d %9.1f %10d %9.0f %9.2f %9.2f %9.2f %7d%n", level.clients(),
                    level.duration().toMillis() / 1000.0, level.sortedLatencies().length, level.requestsPerSecond(),
                    level.percentileMillis(0.50), level.percentileMillis(0.99), level.percentileMillis(1.0),
                    level.errors());
        }
        out.println();
        out.printf(Locale.ROOT, "Homeserver userinfo lookups: %d (one per user; every other request was answered "
                + "from the validation cache).%n", homeserverLookups);
        out.println("Client and server share this JVM and the machine's cores: the figures are a floor.");
    }

    /** A growable array of longs, so a busy level does not box millions of latencies. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        void addAll(long[] more) {
            for (long value : more) {
                add(value);
            }
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
