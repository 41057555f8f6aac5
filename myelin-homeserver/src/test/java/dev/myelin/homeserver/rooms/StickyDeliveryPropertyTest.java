package dev.myelin.homeserver.rooms;

import static dev.myelin.homeserver.rooms.DelayedEventsTest.createRoom;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.enc;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.text;
import static dev.myelin.homeserver.rooms.StickyChain.V3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MSC4354 exactly-once delivery as a seeded random walk: users in several rooms send sticky events (some expiring
 * within seconds) and plain ones, join rooms already holding more than a hundred sticky events, leave and rejoin,
 * and sync with random timeline limits and filters, while the server clock moves forward.
 *
 * <p>The oracle, per user and per membership (a join starts a new one): no sticky event comes twice across the
 * chain of syncs in timeline ∪ sticky section; a sticky section never carries an event expired at that sync; and
 * after a final drain every sticky event of a room the user is in that is still unexpired has come. The server clock
 * is the test's own and stands still during each sync and during the drain, so an event unexpired at the end was
 * unexpired at every sync since it was sent or since the join: it was owed throughout and no tolerance is needed.
 * Events of a sender the user ignores are never owed and must not appear in a sticky section.
 */
class StickyDeliveryPropertyTest {
    private static final int USERS = 3;
    private static final int ROOMS = 4;
    private static final int STEPS = 300;
    private static final List<String> TYPES = List.of("m.room.message", "org.matrix.msc4143.rtc.member");
    @TempDir
    Path data;

    /** A sticky event as its sender saw it sent. */
    private record Sent(String eventId, String roomId, String sender, long expiresAt) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void randomSendsJoinsAndSyncs_deliverEveryStickyEventExactlyOnce(String database) {
        long seed = Long.getLong("myelin.sticky.seed", new Random().nextLong());
        System.out.println("StickyDeliveryPropertyTest seed " + seed + " (" + database + ")");
        var random = new Random(seed);
        var now = new AtomicLong(Instant.now().toEpochMilli());
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        try (var server = StickyChain.start(database, data, clock)) {
            var anonymous = new TestClient(server.baseUri());
            List<TestClient.LoggedIn> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                users.add(anonymous.register("walker" + i, "pw"));
            }
            // The last user ignores the second: that sender's sticky events are never owed to it.
            var ignore = users.get(2).client().put(V3 + "/user/" + enc(users.get(2).userId())
                    + "/account_data/m.ignored_user_list", JsonObject.builder().put("ignored_users",
                    JsonObject.builder().put(users.get(1).userId(), JsonObject.EMPTY).build()).build());
            assertThat(ignore.status()).isEqualTo(200);
            List<String> rooms = new ArrayList<>();
            List<Set<String>> joined = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                joined.add(new HashSet<>());
            }
            for (int r = 0; r < ROOMS; r++) {
                int creator = r % USERS;
                rooms.add(createRoom(users.get(creator), JsonObject.builder().put("preset", "public_chat").build()));
                joined.get(creator).add(rooms.get(r));
            }
            List<StickyChain> chains = users.stream().map(StickyChain::new).toList();
            chains.forEach(chain -> chain.sync(filter(random)));
            List<Sent> sent = new ArrayList<>();
            int bursts = 0;
            for (int step = 0; step < STEPS; step++) {
                int u = random.nextInt(USERS);
                var user = users.get(u);
                int action = random.nextInt(100);
                if (action < 35 && !joined.get(u).isEmpty()) {
                    String roomId = pick(random, joined.get(u));
                    sent.add(sendSticky(user, roomId, random.nextInt(10) < 3 ? 200 + random.nextInt(3000) : 600_000,
                            random, now.get()));
                } else if (action < 45 && !joined.get(u).isEmpty()) {
                    var response = user.client().put(V3 + "/rooms/" + enc(pick(random, joined.get(u)))
                            + "/send/m.room.message/p" + random.nextLong(), text("plain"));
                    assertThat(response.status()).as(response.toString()).isEqualTo(200);
                } else if (action < 55) {
                    now.addAndGet(random.nextInt(1500));
                } else if (action < 85) {
                    checkSticky(chains.get(u).sync(filter(random)), sent, now.get(), ignoredBy(users, u));
                } else if (action < 93) {
                    List<String> outside = rooms.stream().filter(r -> !joined.get(u).contains(r)).toList();
                    if (!outside.isEmpty()) {
                        String roomId = outside.get(random.nextInt(outside.size()));
                        List<Integer> insiders = java.util.stream.IntStream.range(0, USERS)
                                .filter(i -> joined.get(i).contains(roomId)).boxed().toList();
                        if (bursts < 2 && !insiders.isEmpty() && random.nextInt(3) == 0) {
                            // Someone inside fills the room with more sticky events than one response carries.
                            bursts++;
                            var insider = users.get(insiders.get(random.nextInt(insiders.size())));
                            int count = 101 + random.nextInt(30);
                            for (int i = 0; i < count; i++) {
                                sent.add(sendSticky(insider, roomId, 600_000, random, now.get()));
                            }
                        }
                        var response = user.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
                        assertThat(response.status()).as(response.toString()).isEqualTo(200);
                        joined.get(u).add(roomId);
                        chains.get(u).joined(roomId);
                    }
                } else if (joined.get(u).size() > 1) {
                    String roomId = pick(random, joined.get(u));
                    var response = user.client().post(V3 + "/rooms/" + enc(roomId) + "/leave", JsonObject.EMPTY);
                    assertThat(response.status()).as(response.toString()).isEqualTo(200);
                    joined.get(u).remove(roomId);
                }
            }
            for (int u = 0; u < USERS; u++) {
                StickyChain chain = chains.get(u);
                Set<String> inRooms = joined.get(u);
                int empty = 0;
                for (int i = 0; i < 30 && empty < 2; i++) {
                    StickyChain.Page page = chain.sync(filter(random));
                    checkSticky(page, sent, now.get(), ignoredBy(users, u));
                    empty = page.stickySectionSize() == 0 ? empty + 1 : 0;
                }
                String ignored = ignoredBy(users, u);
                List<String> owed = sent.stream().filter(s -> inRooms.contains(s.roomId())
                        && s.expiresAt() > now.get() && !s.sender().equals(ignored)
                        && !chain.delivered(s.roomId()).contains(s.eventId())).map(Sent::eventId).toList();

                System.out.println("user " + u + ": " + chain.stats());
                assertThat(chain.repeats()).as("seed %d, user %d", seed, u).isEmpty();
                assertThat(owed).as("seed %d, user %d: unexpired sticky events never delivered", seed, u).isEmpty();
            }
        }
    }

    private static String ignoredBy(List<TestClient.LoggedIn> users, int u) {
        return u == 2 ? users.get(1).userId() : "";
    }

    /** A sticky section carries only events still sticky at that sync, never of an ignored sender. */
    private static void checkSticky(StickyChain.Page page, List<Sent> sent, long now, String ignored) {
        Map<String, Sent> byId = new HashMap<>();
        sent.forEach(s -> byId.put(s.eventId(), s));
        page.stickySection().values().forEach(events -> events.forEach(event -> {
            Sent known = byId.get(event.string("event_id"));
            assertThat(known).as("unknown sticky event %s", event).isNotNull();
            assertThat(known.expiresAt()).as("expired event in the sticky section").isGreaterThan(now);
            assertThat(known.sender()).isNotEqualTo(ignored);
        }));
    }

    private static Sent sendSticky(TestClient.LoggedIn user, String roomId, long durationMs, Random random,
            long now) {
        var response = user.client().put(V3 + "/rooms/" + enc(roomId) + "/send/"
                + TYPES.get(random.nextInt(TYPES.size())) + "/t" + random.nextLong()
                + "?org.matrix.msc4354.sticky_duration_ms=" + durationMs, text("sticky"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return new Sent(response.json().string("event_id"), roomId, user.userId(), now + durationMs);
    }

    /** A timeline limit of 1 to 12, sometimes narrowed to or away from the sticky events' types. */
    private static String filter(Random random) {
        int limit = 1 + random.nextInt(12);
        String narrowing = switch (random.nextInt(5)) {
            case 0 -> ",\"types\":[\"m.room.message\"]";
            case 1 -> ",\"not_types\":[\"org.matrix.msc4143.rtc.member\"]";
            default -> "";
        };
        return "{\"room\":{\"timeline\":{\"limit\":" + limit + narrowing + "}}}";
    }

    private static String pick(Random random, Set<String> rooms) {
        List<String> list = new ArrayList<>(rooms);
        list.sort(null);
        return list.get(random.nextInt(list.size()));
    }
}
