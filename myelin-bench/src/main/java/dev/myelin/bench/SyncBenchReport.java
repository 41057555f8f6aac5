package dev.myelin.bench;

import static dev.myelin.bench.ScenarioSupport.deleteRecursively;
import static dev.myelin.bench.ScenarioSupport.forEach;
import static dev.myelin.bench.ScenarioSupport.row;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.ServerName;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./myelin bench sync}: a homeserver in this JVM on loopback (fresh SQLite data directory, cheap password
 * hashing), N registered users each with one {@code /sync} long-poll parked, then one {@code PUT /sendToDevice} that
 * carries a message for every user. Reports the heap after GC with all polls parked, how long after the send
 * returned each poll came back, and how many to-device messages per second reached their recipients. Client and
 * server share the JVM and the cores: the heap includes the client's connections, and the latencies are a floor.
 */
public final class SyncBenchReport {
    public static final int MAX_USERS = 8_000;
    static final String EVENT_TYPE = "dev.myelin.bench.wake";
    private static final ServerName SERVER_NAME = ServerName.of("bench.myelin");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Longer than any run: a poll must only return because the message arrived. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration PARK_DEADLINE = Duration.ofSeconds(120);
    /** Polls opened per step while parking, so the accept queue never overflows. */
    private static final int PARK_STEP = 250;
    private static final int SETUP_CONCURRENCY = 16;

    /** What one run measured; latencies in nanoseconds, sorted. */
    record Result(int users, Duration setUp, long heapIdleBytes, long heapParkedBytes, long[] sortedWakeLatencies,
            int delivered, Duration fanOut) {
        double wakeMillis(double p) {
            return ScenarioSupport.nearestRank(sortedWakeLatencies, p) / 1e6;
        }

        double messagesPerSecond() {
            return delivered / (fanOut.toNanos() / 1e9);
        }

        long parkedBytesPerPoll() {
            return (heapParkedBytes - heapIdleBytes) / Math.max(1, users);
        }
    }

    record User(String userId, String deviceId, String token) {
    }

    private SyncBenchReport() {
    }

    /** Runs once with {@code users} users and prints the figures; 0 when every message was delivered. */
    public static int run(PrintStream out, int users) throws Exception {
        if (users < 1 || users > MAX_USERS) {
            throw new IllegalArgumentException("users must be 1 to " + MAX_USERS);
        }
        Path data = Files.createTempDirectory("myelin-bench-sync");
        try {
            Result result = measure(out, data, users);
            print(out, result);
            return result.delivered() == users ? 0 : 1;
        } finally {
            deleteRecursively(data);
        }
    }

    static Result measure(PrintStream out, Path data, int users) throws Exception {
        var config = HomeserverConfig.builder(SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .registrationEnabled(true)
                .passwordHashIterations(1).authRateLimits(AuthRateLimits.RELAXED)
                .maxConcurrentRequests(Math.max(HomeserverConfig.DEFAULT_MAX_CONCURRENT_REQUESTS, users + 1_000))
                .maxRequestBodyBytes(Math.max(HomeserverConfig.DEFAULT_MAX_REQUEST_BODY_BYTES, users * 200))
                .build();
        try (var homeserver = Homeserver.start(config);
             var executor = Executors.newVirtualThreadPerTaskExecutor();
             var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                     .connectTimeout(REQUEST_TIMEOUT).build()) {
            URI base = homeserver.baseUri();
            out.printf(Locale.ROOT, "Homeserver on %s (SQLite in a temp folder); registering %d users...%n", base,
                    users);
            long setUpStart = System.nanoTime();
            List<User> registered = forEach(executor, SETUP_CONCURRENCY, users, i -> register(http, base, i));
            List<String> since = forEach(executor, SETUP_CONCURRENCY, users,
                    i -> initialSync(http, base, registered.get(i)));
            Duration setUp = Duration.ofNanos(System.nanoTime() - setUpStart);
            long heapIdle = heapAfterGc();

            out.printf(Locale.ROOT, "Parking %d /sync long-polls...%n", users);
            long[] returnedAt = new long[users];
            var polls = new ArrayList<CompletableFuture<HttpResponse<String>>>(users);
            for (int i = 0; i < users; i++) {
                User user = registered.get(i);
                int index = i;
                URI sync = base.resolve("/_matrix/client/v3/sync?timeout=" + POLL_TIMEOUT.toMillis() + "&since="
                        + since.get(i));
                polls.add(http.sendAsync(HttpRequest.newBuilder(sync).timeout(POLL_TIMEOUT.plusSeconds(30))
                        .header("Authorization", "Bearer " + user.token()).build(),
                        HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> returnedAt[index] = System.nanoTime()));
                if ((i + 1) % PARK_STEP == 0 || i + 1 == users) {
                    awaitParked(homeserver, i + 1);
                }
            }
            long heapParked = heapAfterGc();
            if (homeserver.parkedLongPolls() != users) {
                throw new IllegalStateException("only " + homeserver.parkedLongPolls() + " of " + users
                        + " polls stayed parked");
            }

            out.printf(Locale.ROOT, "Sending one to-device message to each of %d users...%n", users);
            long sendStart = System.nanoTime();
            sendToEveryone(http, base, registered);
            long sendReturned = System.nanoTime();
            CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(POLL_TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
            int delivered = 0;
            long lastReturn = sendReturned;
            long[] latencies = new long[users];
            for (int i = 0; i < users; i++) {
                if (carriesTheMessage(polls.get(i).join())) {
                    delivered++;
                }
                // A poll may come back before the sender has read its own 200: that counts as zero.
                latencies[i] = Math.max(0, returnedAt[i] - sendReturned);
                lastReturn = Math.max(lastReturn, returnedAt[i]);
            }
            Arrays.sort(latencies);
            return new Result(users, setUp, heapIdle, heapParked, latencies, delivered,
                    Duration.ofNanos(lastReturn - sendStart));
        }
    }

    static User register(HttpClient http, URI base, int n) throws Exception {
        JsonObject body = JsonObject.builder().put("username", "user" + n).put("password", "bench-password-" + n)
                .put("auth", JsonObject.builder().put("type", "m.login.dummy").build()).build();
        JsonObject session = call(http, HttpRequest.newBuilder(base.resolve("/_matrix/client/v3/register"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))));
        return new User(session.string("user_id"), session.string("device_id"), session.string("access_token"));
    }

    private static String initialSync(HttpClient http, URI base, User user) throws Exception {
        return call(http, HttpRequest.newBuilder(base.resolve("/_matrix/client/v3/sync?timeout=0"))
                .header("Authorization", "Bearer " + user.token())).string("next_batch");
    }

    /** One request from user 0 carrying a message for every user's device (user 0 included). */
    private static void sendToEveryone(HttpClient http, URI base, List<User> users) throws Exception {
        var messages = JsonObject.builder();
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            messages.put(user.userId(), JsonObject.builder().put(user.deviceId(),
                    JsonObject.builder().put("n", i).build()).build());
        }
        JsonValue body = JsonObject.builder().put("messages", messages.build()).build();
        call(http, HttpRequest.newBuilder(base.resolve("/_matrix/client/v3/sendToDevice/" + EVENT_TYPE + "/wake"))
                .header("Authorization", "Bearer " + users.getFirst().token())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))));
    }

    private static boolean carriesTheMessage(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return false;
        }
        return Json.parseObject(response.body()).optionalObject("to_device")
                .flatMap(toDevice -> toDevice.optionalArray("events"))
                .map(events -> events.objects().stream().anyMatch(e -> EVENT_TYPE.equals(e.string("type"))))
                .orElse(false);
    }

    static JsonObject call(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.build().uri().getPath() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return Json.parseObject(response.body());
    }

    static void awaitParked(Homeserver homeserver, int expected) throws TimeoutException,
            InterruptedException {
        long deadline = System.nanoTime() + PARK_DEADLINE.toNanos();
        while (homeserver.parkedLongPolls() < expected) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(homeserver.parkedLongPolls() + " of " + expected + " polls parked after "
                        + PARK_DEADLINE.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }

    /** Heap in use after asking for full collections until the figure settles. */
    static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            memory.gc();
            Thread.sleep(50);
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used * 0.98) {
                return Math.min(now, used);
            }
            used = Math.min(used, now);
        }
        return used;
    }

    static void print(PrintStream out, Result result) {
        out.println();
        out.printf(Locale.ROOT, "%-44s %12s%n", "figure", "value");
        row(out, "users (one device, one parked /sync each)", "%d", result.users());
        row(out, "set-up: register + initial sync (s)", "%.1f", result.setUp().toMillis() / 1000.0);
        row(out, "heap after GC, idle (MiB)", "%.1f", result.heapIdleBytes() / 1048576.0);
        row(out, "heap after GC, all polls parked (MiB)", "%.1f", result.heapParkedBytes() / 1048576.0);
        row(out, "heap per parked poll, client + server (KiB)", "%.1f", result.parkedBytesPerPoll() / 1024.0);
        row(out, "wake-up latency p50 (ms)", "%.1f", result.wakeMillis(0.50));
        row(out, "wake-up latency p99 (ms)", "%.1f", result.wakeMillis(0.99));
        row(out, "wake-up latency max (ms)", "%.1f", result.wakeMillis(1.0));
        row(out, "to-device messages delivered", "%d", result.delivered());
        row(out, "to-device fan-out (messages/s)", "%.0f", result.messagesPerSecond());
        out.println();
        out.println("Wake-up latency: from the send's 200 to each poll's response. Fan-out: from the send's start to");
        out.println("the last poll's response. Client and server share this JVM and its cores: figures are a floor.");
    }
}
