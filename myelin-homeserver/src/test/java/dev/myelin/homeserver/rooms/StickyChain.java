package dev.myelin.homeserver.rooms;

import static dev.myelin.homeserver.rooms.DelayedEventsTest.enc;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.RateLimit;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.PostgresCluster;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user's chain of {@code /sync} calls and every sticky event (MSC4354) it carried, in a timeline or in a sticky
 * section, per joined room since the user's current join: what exactly-once delivery tests check.
 */
final class StickyChain {
    static final String V3 = "/_matrix/client/v3";
    private final TestClient.LoggedIn user;
    private final Map<String, Set<String>> delivered = new HashMap<>();
    private final List<String> repeats = new ArrayList<>();
    private String token = "";
    private int fullResponses;
    private int catchUpTokens;
    private int deliveredListTokens;

    StickyChain(TestClient.LoggedIn user) {
        this.user = user;
    }

    /** A server letting users send quickly (the default limit stops a user long before 100 events). */
    static Homeserver start(String database, Path data, InstantSource clock) {
        var config = HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000)
                .authRateLimits(dev.myelin.homeserver.AuthRateLimits.RELAXED)
                .messageRateLimit(new RateLimit(10_000, 10_000)).clock(clock);
        if (database.equals("postgresql")) {
            config.database(PostgresCluster.shared().newDatabase());
        }
        return Homeserver.start(config.build());
    }

    /** What one sync carried: sticky section events per room, and the sticky events of the timelines. */
    record Page(Map<String, List<JsonObject>> stickySection, Map<String, List<JsonObject>> stickyInTimeline) {
        int stickySectionSize() {
            return stickySection.values().stream().mapToInt(List::size).sum();
        }
    }

    /** Syncs from the chain's token (initial sync first) with an inline filter, and records what came. */
    Page sync(String filter) {
        var response = user.client().get(V3 + "/sync?filter=" + enc(filter)
                + (token.isEmpty() ? "" : "&since=" + enc(token)));
        if (response.status() != 200) {
            throw new AssertionError("sync failed: " + response);
        }
        JsonObject body = response.json();
        token = body.string("next_batch");
        String stickyPart = token.substring(token.lastIndexOf('_') + 1);
        catchUpTokens += stickyPart.contains(".j") ? 1 : 0;
        deliveredListTokens += stickyPart.contains(".t") ? 1 : 0;
        Map<String, List<JsonObject>> section = new HashMap<>();
        Map<String, List<JsonObject>> timeline = new HashMap<>();
        body.object("rooms").object("join").members().forEach((roomId, value) -> {
            JsonObject room = (JsonObject) value;
            List<JsonObject> sticky = room.object("timeline").array("events").objects().stream()
                    .filter(e -> e.has("msc4354_sticky")).toList();
            List<JsonObject> extra = room.optionalObject("msc4354_sticky").map(s -> s.array("events").objects())
                    .orElse(List.of());
            timeline.put(roomId, sticky);
            section.put(roomId, extra);
            for (JsonObject event : sticky) {
                record(roomId, event, "timeline");
            }
            for (JsonObject event : extra) {
                record(roomId, event, "sticky section");
            }
        });
        Page page = new Page(section, timeline);
        fullResponses += page.stickySectionSize() == StickySection.LIMIT ? 1 : 0;
        return page;
    }

    private void record(String roomId, JsonObject event, String where) {
        String id = event.string("event_id");
        if (!delivered.computeIfAbsent(roomId, k -> new HashSet<>()).add(id)) {
            repeats.add(id + " again in the " + where + " of " + roomId + " (token " + token + ")");
        }
    }

    /** The user joined (again): the room owes every unexpired sticky event once more. */
    void joined(String roomId) {
        delivered.remove(roomId);
    }

    Set<String> delivered(String roomId) {
        return delivered.getOrDefault(roomId, Set.of());
    }

    Set<String> allDelivered() {
        Set<String> all = new HashSet<>();
        delivered.values().forEach(all::addAll);
        return all;
    }

    List<String> repeats() {
        return repeats;
    }

    String token() {
        return token;
    }

    /** How much of the paging machinery the chain went through, for test output. */
    String stats() {
        return fullResponses + " full sticky sections, " + catchUpTokens + " tokens with catch-ups, "
                + deliveredListTokens + " with timeline-delivered positions";
    }
}
