package dev.myelin.homeserver.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.PostgresCluster;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A matrix-js-sdk 43 MatrixRTC member in sticky mode ({@code unstableSendStickyEvents}, MSC4354) in an unencrypted
 * room: its membership is a sticky {@code rtc.member} event and its leave a delayed sticky one (MSC4140 + MSC4354).
 * When its Node process is killed, the server sends that leave after the delay, and a raw {@code /sync} of another
 * user sees it: sticky, from the same member, with nothing but the slot and the sticky key. In legacy mode the
 * membership is a {@code call.member} state event and the leave its delayed empty state. On SQLite and PostgreSQL.
 */
class KilledJsSdkMemberTest {
    private static final String RTC_MEMBER = "org.matrix.msc4143.rtc.member";
    private static final String CALL_MEMBER = "org.matrix.msc3401.call.member";
    private static final String STICKY_KEY = "msc4354_sticky_key";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** js-sdk's delayed-leave delay is 8 s; the leave must be seen within that plus 5 s. */
    private static final long DELAY_PLUS_GRACE_MS = 8_000 + 5_000;

    @TempDir
    Path data;

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of("sticky", "sqlite"), Arguments.of("sticky", "postgresql"),
                Arguments.of("legacy", "postgresql"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("modes")
    void killedJsSdkMember_leavesThroughItsDelayedEventAfterTheDelay(String mode, String database) throws Exception {
        boolean sticky = mode.equals("sticky");
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/matrix-js-sdk");
        assertThat(folder.resolve("node_modules/matrix-js-sdk")).as(
                "npm packages in %s (./myelin test runs npm ci there; Node 20+ is required)", folder).isDirectory();
        var config = HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000);
        if (database.equals("postgresql")) {
            config.database(PostgresCluster.shared().newDatabase());
        }
        try (var homeserver = Homeserver.start(config.build())) {
            var observer = new TestClient(homeserver.baseUri()).register("observer", "pw");
            var created = observer.client().post("/_matrix/client/v3/createRoom",
                    JsonObject.builder().put("preset", "public_chat").build());
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            String roomId = created.json().string("room_id");
            var sync = new RawSync(observer, roomId, sticky ? RTC_MEMBER : CALL_MEMBER);

            Process node = new ProcessBuilder("node", "rtc-keys.mjs", homeserver.baseUri().toString(), roomId, "120",
                    mode).directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                var joined = new CountDownLatch(1);
                String[] jsUser = new String[1];
                Thread.ofVirtual().start(() -> watchJoined(node, jsUser, joined));
                assertThat(joined.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("js-sdk joined the call").isTrue();
                JsonObject membership = sync.await(e -> e.string("sender").equals(jsUser[0]) && !isLeave(e, sticky));

                node.destroyForcibly();
                assertThat(node.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long killedAt = System.nanoTime();
                JsonObject leave = sync.await(e -> e.string("sender").equals(jsUser[0]) && isLeave(e, sticky));
                long leftAfterMs = (System.nanoTime() - killedAt) / 1_000_000;

                System.out.println("the killed " + mode + " js-sdk member's leave arrived on " + database + " after "
                        + leftAfterMs + " ms");
                if (sticky) {
                    assertThat(membership.has("msc4354_sticky")).as("membership is sticky: %s", membership).isTrue();
                    assertThat(leave.has("msc4354_sticky")).as("leave is sticky: %s", leave).isTrue();
                    assertThat(leave.object("content").string(STICKY_KEY))
                            .isEqualTo(membership.object("content").string(STICKY_KEY));
                } else {
                    assertThat(leave.string("state_key")).isEqualTo(membership.string("state_key"));
                }
                assertThat(leftAfterMs).isLessThanOrEqualTo(DELAY_PLUS_GRACE_MS);
            } finally {
                node.destroyForcibly();
            }
        }
    }

    /** A withdrawn membership: sticky, the slot and the sticky key, nothing else; legacy, empty content. */
    private static boolean isLeave(JsonObject event, boolean sticky) {
        return sticky ? Set.of("slot_id", STICKY_KEY).containsAll(event.object("content").members().keySet())
                : event.object("content").members().isEmpty();
    }

    /** Long-polls {@code /sync} and hands out the room's membership events, from the timeline or sticky section. */
    private static final class RawSync {
        private final TestClient.LoggedIn user;
        private final String roomId;
        private final String type;
        private Optional<String> since = Optional.empty();
        private final List<JsonObject> pending = new ArrayList<>();

        RawSync(TestClient.LoggedIn user, String roomId, String type) {
            this.user = user;
            this.roomId = roomId;
            this.type = type;
        }

        JsonObject await(Predicate<JsonObject> wanted) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (var iterator = pending.iterator(); iterator.hasNext();) {
                    JsonObject event = iterator.next();
                    iterator.remove();
                    if (wanted.test(event)) {
                        return event;
                    }
                }
                poll();
            }
            throw new AssertionError("no matching " + type + " event within " + WAIT);
        }

        private void poll() {
            var response = user.client().get("/_matrix/client/v3/sync?timeout=5000" + since
                    .map(token -> "&since=" + URLEncoder.encode(token, StandardCharsets.UTF_8)).orElse(""));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonObject body = response.json();
            since = Optional.of(body.string("next_batch"));
            body.object("rooms").object("join").optionalObject(roomId).ifPresent(room -> {
                room.object("timeline").array("events").objects().stream()
                        .filter(e -> e.string("type").equals(type)).forEach(pending::add);
                room.optionalObject("msc4354_sticky").ifPresent(sticky -> sticky.array("events").objects().stream()
                        .filter(e -> e.string("type").equals(RTC_MEMBER)).forEach(pending::add));
            });
        }
    }

    private static void watchJoined(Process node, String[] user, CountDownLatch joined) {
        try (var reader = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("{") && Json.parseObject(line).string("step").equals("joined")) {
                    user[0] = Json.parseObject(line).string("user");
                    joined.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
