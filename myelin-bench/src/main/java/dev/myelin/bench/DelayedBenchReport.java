package dev.myelin.bench;

import static dev.myelin.bench.ScenarioSupport.deleteRecursively;
import static dev.myelin.bench.ScenarioSupport.forEach;
import static dev.myelin.bench.ScenarioSupport.row;

import dev.myelin.homeserver.DelayedEventLimits;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.RateLimit;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.ServerName;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./myelin bench delayed}: an in-process homeserver (loopback; SQLite in a temp folder, or PostgreSQL) with
 * {@code events} delayed events scheduled over HTTP. A fifth of them fire during the measured window, spread evenly
 * over it; the others lie far ahead and take {@code restarts} restarts per second (as MatrixRTC members keep their
 * delayed leaves alive). Fire lateness is how long after its scheduled time the server sent each event
 * ({@code finalised_ts − send_ts}, both server clock, millisecond resolution).
 */
public final class DelayedBenchReport {
    private static final ServerName SERVER_NAME = ServerName.of("bench.myelin");
    private static final String PREFIX = "/_matrix/client/unstable/org.matrix.msc4140/delayed_events";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int SETUP_CONCURRENCY = 16;
    /** Far enough that restarted events never fire during a run. */
    private static final long KEEPALIVE_DELAY_MS = 3_600_000;
    /** How long after the window the run still waits for events the server has not sent yet. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    /**
     * Restarts run this long at full rate before the window, and events fire at the window's pace, unmeasured:
     * the JIT has compiled both paths by the time the window opens, as on a server that has been up a while.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    /** What one run measured; lateness in milliseconds, sorted. */
    record Result(int scheduled, int firing, long[] sortedLateness, int restartsSent, int restartsFailed,
            Duration window, Duration setUp, String storage) {
        double lateness(double p) {
            return ScenarioSupport.nearestRank(sortedLateness, p);
        }

        double restartsPerSecond() {
            return restartsSent / (window.toNanos() / 1e9);
        }
    }

    private DelayedBenchReport() {
    }

    /**
     * Runs once and prints the figures; 0 when the server held every event asked for and sent every firing one
     * (the p99 verdict is printed, not part of the status: a loaded machine need not meet it).
     */
    public static int run(PrintStream out, int events, int restartsPerSecond, Duration window,
            Optional<URI> postgres) throws Exception {
        if (events < 10 || restartsPerSecond < 0 || window.toSeconds() < 1) {
            throw new IllegalArgumentException("need at least 10 events, restarts >= 0 and a window of 1 s or more");
        }
        Path data = Files.createTempDirectory("myelin-bench-delayed");
        try {
            Result result = measure(out, data, events, restartsPerSecond, window, postgres);
            print(out, result);
            return result.scheduled() == events && result.sortedLateness().length == result.firing() ? 0 : 1;
        } finally {
            deleteRecursively(data);
        }
    }

    static Result measure(PrintStream out, Path data, int events, int restartsPerSecond, Duration window,
            Optional<URI> postgres) throws Exception {
        var builder = HomeserverConfig.builder(SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .registrationEnabled(true)
                .passwordHashIterations(1)
                .messageRateLimit(new RateLimit(1_000_000, 1_000_000))
                .delayedEvents(new DelayedEventLimits(KEEPALIVE_DELAY_MS * 2, events * 2,
                        new RateLimit(1_000_000, 1_000_000), 3_600_000));
        postgres.ifPresent(builder::database);
        int firing = Math.max(1, events / 5);
        try (var homeserver = Homeserver.start(builder.build());
             var executor = Executors.newVirtualThreadPerTaskExecutor();
             var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                     .connectTimeout(REQUEST_TIMEOUT).build()) {
            URI base = homeserver.baseUri();
            String storage = postgres.isPresent() ? "PostgreSQL" : "SQLite";
            out.printf(Locale.ROOT, "Homeserver on %s (%s); scheduling %d delayed events...%n", base, storage,
                    events);
            String token = register(http, base);
            String roomId = call(http, base, token, "POST", "/_matrix/client/v3/createRoom", JsonObject.EMPTY)
                    .string("room_id");
            long setUpStart = System.nanoTime();
            List<String> keepAlive = forEach(executor, SETUP_CONCURRENCY, events - firing,
                    i -> schedule(http, base, token, roomId, "k" + i, KEEPALIVE_DELAY_MS));
            // The firing ones go last and aim at fixed instants after the set-up: none may fire while the set-up
            // still loads the server, so leave half as much again as scheduling them should take.
            double perEventMs = (System.nanoTime() - setUpStart) / 1e6 / Math.max(1, events - firing);
            long warmUpMs = Math.min(WARM_UP.toMillis(), window.toMillis());
            long windowStartMs = System.currentTimeMillis() + warmUpMs
                    + (long) (firing * perEventMs * 2);
            long spacing = Math.max(1, window.toMillis() / firing);
            forEach(executor, SETUP_CONCURRENCY, firing, i -> schedule(http, base, token, roomId, "f" + i,
                    Math.max(0, windowStartMs + i * spacing - System.currentTimeMillis())));
            // Warm-up fires at the same pace just before the window, so the send path is compiled when it opens.
            long warmUpFires = warmUpMs / spacing;
            forEach(executor, SETUP_CONCURRENCY, (int) warmUpFires, i -> schedule(http, base, token, roomId, "w" + i,
                    Math.max(0, windowStartMs - (warmUpFires - i) * spacing - System.currentTimeMillis())));
            Duration setUp = Duration.ofNanos(System.nanoTime() - setUpStart);
            int scheduled = countOnServer(http, base, token);

            out.printf(Locale.ROOT, "Restarting at %d/s; firing %d over %d s from %d s on...%n", restartsPerSecond,
                    firing, window.toSeconds(), (windowStartMs - System.currentTimeMillis()) / 1000);
            var sent = new AtomicInteger();
            var failed = new AtomicInteger();
            long start = System.nanoTime();
            long end = start + (windowStartMs - System.currentTimeMillis()) * 1_000_000L + window.toNanos();
            var inFlight = new Semaphore(256);
            for (long k = 0; restartsPerSecond > 0; k++) {
                long due = start + k * 1_000_000_000L / restartsPerSecond;
                if (due >= end) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                String delayId = keepAlive.get((int) (k % keepAlive.size()));
                inFlight.acquire();
                http.sendAsync(request(base, token, "POST", PREFIX + "/" + delayId + "/restart", JsonObject.EMPTY),
                        HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                            inFlight.release();
                            if (error == null && response.statusCode() == 200) {
                                sent.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        });
            }
            long remaining = end - System.nanoTime();
            if (remaining > 0) {
                    Thread.sleep(Duration.ofNanos(remaining));
            }
            inFlight.acquire(256);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            // Every firing and warm-up event is sent by now unless the server fell far behind: wait a little for those.
            long expected = firing + warmUpFires;
            long graceEnd = System.nanoTime() + GRACE.toNanos();
            JsonObject finalised = call(http, base, token, "GET", PREFIX + "?status=finalised", null);
            while (finalised.array("delayed_events").elements().size() < expected && System.nanoTime() < graceEnd) {
                Thread.sleep(100);
                finalised = call(http, base, token, "GET", PREFIX + "?status=finalised", null);
            }
            if (System.getenv("MYELIN_BENCH_DEBUG") != null) {
                finalised.array("delayed_events").objects().stream()
                        .sorted(Comparator.comparingLong(e -> e.integer("send_ts")))
                        .forEach(e -> out.println(e.object("content").string("n") + " "
                                + (e.integer("send_ts") - windowStartMs) + " "
                                + (e.integer("finalised_ts") - e.integer("send_ts"))));
            }
            long[] lateness = finalised.array("delayed_events").objects().stream()
                    .filter(e -> e.string("status").equals("sent"))
                    .filter(e -> e.object("content").string("n").startsWith("f"))
                    .mapToLong(e -> e.integer("finalised_ts") - e.integer("send_ts")).sorted().toArray();
            return new Result(scheduled, firing, lateness, sent.get(), failed.get(), elapsed, setUp, storage);
        }
    }

    private static String register(HttpClient http, URI base) throws Exception {
        JsonObject body = JsonObject.builder().put("username", "bench").put("password", "bench-password")
                .put("auth", JsonObject.builder().put("type", "m.login.dummy").build()).build();
        return call(http, base, null, "POST", "/_matrix/client/v3/register", body).string("access_token");
    }

    /**
     * The measured events (not the warm-up ones) the server holds, scheduled or already sent: what the report calls
     * scheduled, so that a set-up that scheduled fewer than asked shows.
     */
    private static int countOnServer(HttpClient http, URI base, String token) throws Exception {
        return (int) java.util.stream.Stream.of(PREFIX, PREFIX + "?status=finalised")
                .flatMap(path -> {
                    try {
                        return call(http, base, token, "GET", path, null).array("delayed_events").objects().stream();
                    } catch (Exception e) {
                        throw new IllegalStateException("listing delayed events failed", e);
                    }
                })
                .filter(e -> !e.object("content").string("n").startsWith("w")).count();
    }

    private static String schedule(HttpClient http, URI base, String token, String roomId, String txn, long delay)
            throws Exception {
        String path = "/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                + "/send/dev.myelin.bench.delayed/" + txn + "?org.matrix.msc4140.delay=" + delay;
        return call(http, base, token, "PUT", path, JsonObject.builder().put("n", txn).build()).string("delay_id");
    }

    private static HttpRequest request(URI base, String token, String method, String path, JsonObject body) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body)));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private static JsonObject call(HttpClient http, URI base, String token, String method, String path,
            JsonObject body) throws Exception {
        HttpResponse<String> response = http.send(request(base, token, method, path, body),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.parseObject(response.body());
    }

    static void print(PrintStream out, Result result) {
        out.println();
        out.printf(Locale.ROOT, "%-44s %12s%n", "figure", "value");
        row(out, "storage", "%s", result.storage());
        row(out, "delayed events scheduled", "%d", result.scheduled());
        row(out, "set-up: scheduling them (s)", "%.1f", result.setUp().toMillis() / 1000.0);
        row(out, "fired in the window (sent / expected)", "%s", result.sortedLateness().length + " / "
                + result.firing());
        row(out, "restarts answered 200 (per s)", "%.0f", result.restartsPerSecond());
        row(out, "restarts failed", "%d", result.restartsFailed());
        row(out, "fire lateness p50 (ms)", "%.0f", result.lateness(0.50));
        row(out, "fire lateness p99 (ms)", "%.0f", result.lateness(0.99));
        row(out, "fire lateness max (ms)", "%.0f", result.lateness(1.0));
        out.println();
        out.println("Lateness: the server's send time minus the scheduled time (server clock, 1 ms resolution).");
        out.println("Target: p99 < 50 ms. Client and server share this JVM and its cores.");
        out.printf(Locale.ROOT, "Verdict: p99 %s 50 ms%n", result.lateness(0.99) < 50 ? "<" : ">=");
    }
}
