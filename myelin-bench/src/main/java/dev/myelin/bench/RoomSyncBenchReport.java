package dev.myelin.bench;

import static dev.myelin.bench.ScenarioSupport.deleteRecursively;
import static dev.myelin.bench.ScenarioSupport.forEach;
import static dev.myelin.bench.ScenarioSupport.row;
import static dev.myelin.bench.SyncBenchReport.awaitParked;
import static dev.myelin.bench.SyncBenchReport.call;
import static dev.myelin.bench.SyncBenchReport.register;

import dev.myelin.bench.SyncBenchReport.User;
import dev.myelin.homeserver.AuthRateLimits;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./myelin bench room}: a call room's fan-out. N users join one room (as the members of a large MatrixRTC
 * session do), each parks a {@code /sync} long-poll, then one member sends one event. Every poll must come back with
 * it; the report says how long after the send each did. The server's work per woken poll is what grows with the
 * room: each member's sync must not read the room's whole state (N member events) to answer.
 */
public final class RoomSyncBenchReport {
    public static final int MAX_MEMBERS = 5_000;
    private static final ServerName SERVER_NAME = ServerName.of("bench.myelin");
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(180);
    private static final int SETUP_CONCURRENCY = 16;
    private static final int PARK_STEP = 250;
    private static final String BODY = "wake up";
    /** Initial syncs that do not send every member event to every member: the since token is all set-up needs. */
    private static final String LAZY_FILTER = "{\"room\":{\"timeline\":{\"limit\":1},"
            + "\"state\":{\"lazy_load_members\":true}}}";

    /** What one run measured; latencies in nanoseconds, sorted. */
    record Result(int members, Duration setUp, long[] sortedWakeLatencies, int delivered, Duration fanOut) {
        double wakeMillis(double p) {
            return ScenarioSupport.nearestRank(sortedWakeLatencies, p) / 1e6;
        }
    }

    private RoomSyncBenchReport() {
    }

    /** Runs once with {@code members} members and prints the figures; 0 when every poll carried the event. */
    public static int run(PrintStream out, int members) throws Exception {
        if (members < 2 || members > MAX_MEMBERS) {
            throw new IllegalArgumentException("members must be 2 to " + MAX_MEMBERS);
        }
        Path data = Files.createTempDirectory("myelin-bench-room");
        try {
            Result result = measure(out, data, members);
            print(out, result);
            return result.delivered() == members ? 0 : 1;
        } finally {
            deleteRecursively(data);
        }
    }

    static Result measure(PrintStream out, Path data, int members) throws Exception {
        var config = HomeserverConfig.builder(SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .registrationEnabled(true)
                .passwordHashIterations(1).authRateLimits(AuthRateLimits.RELAXED)
                .messageRateLimit(new RateLimit(1_000_000, 1_000_000))
                .maxConcurrentRequests(Math.max(HomeserverConfig.DEFAULT_MAX_CONCURRENT_REQUESTS, members + 1_000))
                .build();
        try (var homeserver = Homeserver.start(config);
             var executor = Executors.newVirtualThreadPerTaskExecutor();
             var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                     .connectTimeout(POLL_TIMEOUT).build()) {
            URI base = homeserver.baseUri();
            out.printf(Locale.ROOT, "Homeserver on %s (SQLite in a temp folder); %d members join one room...%n",
                    base, members);
            long setUpStart = System.nanoTime();
            List<User> users = forEach(executor, SETUP_CONCURRENCY, members, i -> register(http, base, i));
            String roomId = call(http, authorised(base, users.getFirst(), "/_matrix/client/v3/createRoom")
                    .POST(body(JsonObject.builder().put("preset", "public_chat").build())))
                    .string("room_id");
            String room = URLEncoder.encode(roomId, StandardCharsets.UTF_8);
            forEach(executor, SETUP_CONCURRENCY, members - 1, i -> call(http, authorised(base, users.get(i + 1),
                    "/_matrix/client/v3/rooms/" + room + "/join").POST(body(JsonObject.EMPTY))));
            String filter = URLEncoder.encode(LAZY_FILTER, StandardCharsets.UTF_8);
            List<String> since = forEach(executor, SETUP_CONCURRENCY, members, i -> call(http,
                    authorised(base, users.get(i), "/_matrix/client/v3/sync?timeout=0&filter=" + filter))
                    .string("next_batch"));
            Duration setUp = Duration.ofNanos(System.nanoTime() - setUpStart);

            out.printf(Locale.ROOT, "Parking %d /sync long-polls...%n", members);
            long[] returnedAt = new long[members];
            var polls = new ArrayList<CompletableFuture<HttpResponse<String>>>(members);
            for (int i = 0; i < members; i++) {
                int index = i;
                polls.add(http.sendAsync(authorised(base, users.get(i), "/_matrix/client/v3/sync?timeout="
                        + POLL_TIMEOUT.toMillis() + "&filter=" + filter + "&since=" + since.get(i))
                        .timeout(POLL_TIMEOUT.plusSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> returnedAt[index] = System.nanoTime()));
                if ((i + 1) % PARK_STEP == 0 || i + 1 == members) {
                    awaitParked(homeserver, i + 1);
                }
            }

            out.printf(Locale.ROOT, "One member sends one event to the %d...%n", members);
            long sendStart = System.nanoTime();
            call(http, authorised(base, users.getFirst(), "/_matrix/client/v3/rooms/" + room
                    + "/send/m.room.message/wake").PUT(body(JsonObject.builder().put("msgtype", "m.text")
                    .put("body", BODY).build())));
            long sendReturned = System.nanoTime();
            CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(POLL_TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS);
            int delivered = 0;
            long lastReturn = sendReturned;
            long[] latencies = new long[members];
            for (int i = 0; i < members; i++) {
                if (carriesTheEvent(polls.get(i).join(), roomId)) {
                    delivered++;
                }
                latencies[i] = Math.max(0, returnedAt[i] - sendReturned);
                lastReturn = Math.max(lastReturn, returnedAt[i]);
            }
            Arrays.sort(latencies);
            return new Result(members, setUp, latencies, delivered, Duration.ofNanos(lastReturn - sendStart));
        }
    }

    private static HttpRequest.Builder authorised(URI base, User user, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + user.token());
    }

    private static HttpRequest.BodyPublisher body(JsonObject json) {
        return HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(json));
    }

    private static boolean carriesTheEvent(HttpResponse<String> response, String roomId) {
        if (response.statusCode() != 200) {
            return false;
        }
        return Json.parseObject(response.body()).optionalObject("rooms")
                .flatMap(rooms -> rooms.optionalObject("join"))
                .flatMap(join -> join.optionalObject(roomId))
                .map(joined -> joined.object("timeline").array("events").objects().stream()
                        .anyMatch(e -> e.object("content").optionalString("body").filter(BODY::equals).isPresent()))
                .orElse(false);
    }

    static void print(PrintStream out, Result result) {
        out.println();
        out.printf(Locale.ROOT, "%-44s %12s%n", "figure", "value");
        row(out, "members (one device, one parked /sync each)", "%d", result.members());
        row(out, "set-up: register, join, initial sync (s)", "%.1f", result.setUp().toMillis() / 1000.0);
        row(out, "wake-up latency p50 (ms)", "%.1f", result.wakeMillis(0.50));
        row(out, "wake-up latency p99 (ms)", "%.1f", result.wakeMillis(0.99));
        row(out, "wake-up latency max (ms)", "%.1f", result.wakeMillis(1.0));
        row(out, "polls that carried the event", "%d", result.delivered());
        row(out, "fan-out: send to last poll back (ms)", "%.0f", result.fanOut().toNanos() / 1e6);
        out.println();
        out.println("Wake-up latency: from the send's 200 to each poll's response. Client and server share this JVM");
        out.println("and its cores: figures are a floor.");
    }
}
