package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Filters on /sync (inline and stored) and /messages, and the errors for bad ones. */
@ExtendWith(HomeserverExtension.class)
class FilterTest {
    private static final String V3 = "/_matrix/client/v3";
    private static final AtomicInteger USERS = new AtomicInteger();
    private final TestClient anonymous;

    FilterTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private TestClient.LoggedIn user(String name) {
        return anonymous.register(name + USERS.incrementAndGet(), "pw");
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    private static String room(TestClient.LoggedIn owner) {
        return owner.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .put("name", "Filtered").build()).json().string("room_id");
    }

    private static void send(TestClient.LoggedIn user, String roomId, String type, String txn) {
        var response = user.client().put(V3 + "/rooms/" + enc(roomId) + "/send/" + type + "/" + txn,
                JsonObject.builder().put("body", txn).build());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static JsonObject sync(TestClient.LoggedIn user, String filter) {
        var response = user.client().get(V3 + "/sync?timeout=0&filter=" + enc(filter));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> types(JsonObject section) {
        return section.array("events").objects().stream().map(e -> e.string("type")).toList();
    }

    @Test
    void timelineTypesAndSenders_narrowTheTimeline_andTheLimitCountsOnlyMatches() {
        var alice = user("alice");
        var bob = user("bob");
        String roomId = room(alice);
        bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        send(alice, roomId, "m.room.message", "a1");
        send(alice, roomId, "org.example.noise", "n1");
        send(bob, roomId, "m.room.message", "b1");
        send(alice, roomId, "org.example.noise", "n2");

        JsonObject onlyMessages = sync(alice, "{\"room\":{\"timeline\":{\"types\":[\"m.room.*\"],"
                + "\"not_types\":[\"m.room.member\"],\"limit\":2}}}").object("rooms").object("join").object(roomId);
        JsonObject bobOnly = sync(alice, "{\"room\":{\"timeline\":{\"senders\":[\"" + bob.userId() + "\"]}}}")
                .object("rooms").object("join").object(roomId);
        JsonObject noAlice = sync(alice, "{\"room\":{\"timeline\":{\"not_senders\":[\"" + alice.userId() + "\"],"
                + "\"not_types\":[\"m.room.member\"]}}}").object("rooms").object("join").object(roomId);

        List<JsonObject> events = onlyMessages.object("timeline").array("events").objects();
        assertThat(events).extracting(e -> e.object("content").string("body")).containsExactly("a1", "b1");
        assertThat(onlyMessages.object("timeline").bool("limited")).isTrue();
        assertThat(bobOnly.object("timeline").array("events").objects())
                .allSatisfy(e -> assertThat(e.string("sender")).isEqualTo(bob.userId())).isNotEmpty();
        assertThat(types(noAlice.object("timeline"))).containsExactly("m.room.message");
    }

    @Test
    void roomFilterAndStateFilter_selectRoomsAndStateTypes() {
        var carol = user("carol");
        String kept = room(carol);
        String dropped = room(carol);

        JsonObject notRooms = sync(carol, "{\"room\":{\"not_rooms\":[\"" + dropped + "\"],"
                + "\"state\":{\"types\":[\"m.room.create\"]},\"timeline\":{\"limit\":1}}}").object("rooms")
                .object("join");
        JsonObject onlyRooms = sync(carol, "{\"room\":{\"rooms\":[\"" + dropped + "\"]}}").object("rooms")
                .object("join");

        assertThat(notRooms.members()).containsKey(kept).doesNotContainKey(dropped);
        assertThat(types(notRooms.object(kept).object("state"))).containsExactly("m.room.create");
        assertThat(onlyRooms.members()).containsOnlyKeys(dropped);
    }

    @Test
    void accountDataAndEphemeralFilters_dropExcludedTypes_andLazyLoadingIsAccepted() {
        var dave = user("dave");
        String roomId = room(dave);
        String base = V3 + "/user/" + enc(dave.userId());
        dave.client().put(base + "/account_data/org.example.keep", JsonObject.builder().put("a", 1).build());
        dave.client().put(base + "/account_data/org.example.drop", JsonObject.builder().put("b", 2).build());
        dave.client().put(V3 + "/rooms/" + enc(roomId) + "/typing/" + enc(dave.userId()),
                JsonObject.builder().put("typing", true).put("timeout", 30000).build());

        JsonObject body = sync(dave, "{\"account_data\":{\"not_types\":[\"org.example.drop\"]},"
                + "\"room\":{\"ephemeral\":{\"not_types\":[\"m.typing\"]},"
                + "\"state\":{\"lazy_load_members\":true}}}");
        JsonObject unfiltered = sync(dave, "{}");

        assertThat(types(body.object("account_data"))).contains("org.example.keep")
                .doesNotContain("org.example.drop");
        assertThat(types(body.object("rooms").object("join").object(roomId).object("ephemeral")))
                .doesNotContain("m.typing");
        assertThat(types(unfiltered.object("rooms").object("join").object(roomId).object("ephemeral")))
                .contains("m.typing");
    }

    @Test
    void lazyLoadMembers_sendsOnlyTheMembersTheTimelineNeeds_andTheSummaryCountsAll() {
        var alice = user("alice");
        var bob = user("bob");
        var carol = user("carol");
        var dave = user("dave");
        String roomId = room(alice);
        for (var member : List.of(bob, carol)) {
            member.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        }
        send(bob, roomId, "m.room.message", "hi");
        dave.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        String since = dave.client().get(V3 + "/sync?timeout=0").json().string("next_batch");
        send(carol, roomId, "m.room.message", "later");
        String lazy = "{\"room\":{\"timeline\":{\"limit\":2},\"state\":{\"lazy_load_members\":true}}}";

        JsonObject initial = sync(dave, lazy).object("rooms").object("join").object(roomId);
        JsonObject eager = sync(dave, "{\"room\":{\"timeline\":{\"limit\":2}}}").object("rooms").object("join")
                .object(roomId);
        JsonObject incremental = dave.client().get(V3 + "/sync?timeout=0&since=" + since + "&filter=" + enc(lazy))
                .json().object("rooms").object("join").object(roomId);

        // Timeline: Dave's join and Carol's message; so Carol's member event, and nobody else's.
        assertThat(members(initial.object("timeline"))).containsExactly(dave.userId());
        assertThat(members(initial.object("state"))).containsExactly(carol.userId());
        assertThat(members(eager.object("state"))).contains(alice.userId(), bob.userId(), carol.userId());
        assertThat(initial.object("summary").integer("m.joined_member_count")).isEqualTo(4);
        assertThat(members(incremental.object("state"))).containsExactly(carol.userId());
    }

    private static List<String> members(JsonObject section) {
        return section.array("events").objects().stream().filter(e -> e.string("type").equals("m.room.member"))
                .map(e -> e.string("state_key")).toList();
    }

    @Test
    void storedFilter_appliesByItsId() {
        var erin = user("erin");
        String roomId = room(erin);
        send(erin, roomId, "org.example.noise", "x");
        String filterId = erin.client().post(V3 + "/user/" + enc(erin.userId()) + "/filter",
                JsonObject.builder().put("room", JsonObject.builder().put("timeline", JsonObject.builder()
                        .put("not_types", dev.myelin.json.JsonValue.ofStrings(List.of("org.example.*"))).build())
                        .build()).build()).json().string("filter_id");

        var response = erin.client().get(V3 + "/sync?timeout=0&filter=" + filterId);

        assertThat(types(response.json().object("rooms").object("join").object(roomId).object("timeline")))
                .isNotEmpty().doesNotContain("org.example.noise");
    }

    @Test
    void messagesFilter_appliesTypesAndSenders() {
        var frank = user("frank");
        String roomId = room(frank);
        send(frank, roomId, "m.room.message", "m1");
        send(frank, roomId, "org.example.noise", "n1");

        var response = frank.client().get(V3 + "/rooms/" + enc(roomId) + "/messages?dir=b&limit=50&filter="
                + enc("{\"types\":[\"m.room.message\"],\"lazy_load_members\":true}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(types(JsonObject.builder().put("events", response.json().array("chunk")).build()))
                .containsExactly("m.room.message");
    }

    @Test
    void invalidFilters_areRefusedWithMatrixErrors() {
        var grace = user("grace");
        String base = V3 + "/user/" + enc(grace.userId()) + "/filter";

        var storedBadShape = grace.client().post(base, JsonObject.builder().put("room", "nope").build());
        var storedBadLimit = grace.client().post(base, JsonObject.builder().put("room", JsonObject.builder()
                .put("timeline", JsonObject.builder().put("limit", "ten").build()).build()).build());
        var inlineNotJson = grace.client().get(V3 + "/sync?timeout=0&filter=" + enc("{nope"));
        var inlineBadTypes = grace.client().get(V3 + "/sync?timeout=0&filter="
                + enc("{\"room\":{\"timeline\":{\"types\":\"m.room.message\"}}}"));
        var unknownId = grace.client().get(V3 + "/sync?timeout=0&filter=987654");
        var messagesBad = grace.client().get(V3 + "/rooms/" + enc("!x:" + HomeserverExtension.SERVER_NAME)
                + "/messages?filter=" + enc("{\"senders\":3}"));

        assertThat(storedBadShape.status()).isEqualTo(400);
        assertThat(storedBadShape.errcode()).isEqualTo("M_BAD_JSON");
        assertThat(storedBadLimit.errcode()).isEqualTo("M_BAD_JSON");
        assertThat(inlineNotJson.status()).isEqualTo(400);
        assertThat(inlineNotJson.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(inlineBadTypes.errcode()).isEqualTo("M_BAD_JSON");
        assertThat(unknownId.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(messagesBad.errcode()).isEqualTo("M_BAD_JSON");
    }

    @Test
    void wildcardPatterns_matchAnyRunOfCharacters() {
        assertThat(EventFilter.matches("m.*", "m.room.message")).isTrue();
        assertThat(EventFilter.matches("*.member", "m.room.member")).isTrue();
        assertThat(EventFilter.matches("m.*.name", "m.room.topic")).isFalse();
        assertThat(EventFilter.matches("*", "")).isTrue();
        assertThat(EventFilter.matches("a*a*a*a*a*a*b", "a".repeat(5000))).isFalse();
    }
}
