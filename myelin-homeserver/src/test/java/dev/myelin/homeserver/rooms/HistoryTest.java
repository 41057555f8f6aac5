package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private TestClient.LoggedIn alice;
    private TestClient.LoggedIn bob;
    private String roomId;
    private final List<String> sent = new ArrayList<>();

    HistoryTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    @BeforeAll
    void room() {
        alice = anonymous.register("alice", "pw");
        bob = anonymous.register("bob", "pw");
        roomId = alice.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat").build())
                .json().string("room_id");
        bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        for (int i = 0; i < 5; i++) {
            sent.add(alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/h" + i,
                    JsonObject.builder().put("body", "m" + i).build()).json().string("event_id"));
        }
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    private JsonObject messages(String query) {
        var response = bob.client().get(V3 + "/rooms/" + enc(roomId) + "/messages" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> ids(JsonObject page) {
        return page.array("chunk").objects().stream().map(e -> e.string("event_id")).toList();
    }

    @Test
    void backwardsFromASyncToken_pagesNewestFirstUntilTheStart() {
        String nextBatch = bob.client().get(V3 + "/sync?timeout=0").json().string("next_batch");

        JsonObject first = messages("?dir=b&limit=3&from=" + nextBatch);
        JsonObject second = messages("?dir=b&limit=3&from=" + first.string("end"));
        JsonObject rest = messages("?dir=b&limit=100&from=" + second.string("end"));

        assertThat(ids(first)).containsExactly(sent.get(4), sent.get(3), sent.get(2));
        assertThat(ids(second).subList(0, 2)).containsExactly(sent.get(1), sent.get(0));
        assertThat(rest.array("chunk").objects().getLast().string("type")).isEqualTo("m.room.create");
        assertThat(rest.has("end")).as("no end at the start of the room").isFalse();
    }

    @Test
    void forwardsFromAPrevBatch_returnsOldestFirst() {
        JsonObject newest = messages("?dir=b&limit=2");
        JsonObject forward = messages("?dir=f&limit=10&from=" + newest.string("end"));

        assertThat(ids(forward)).containsExactly(sent.get(3), sent.get(4));
    }

    @Test
    void badTokenOrDirection_isInvalidParam() {
        assertThat(bob.client().get(V3 + "/rooms/" + enc(roomId) + "/messages?from=zz").errcode())
                .isEqualTo("M_INVALID_PARAM");
        assertThat(bob.client().get(V3 + "/rooms/" + enc(roomId) + "/messages?dir=x").errcode())
                .isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void members_listsMemberEventsWithFilters_andJoinedMembersMapsUsers() {
        var all = bob.client().get(V3 + "/rooms/" + enc(roomId) + "/members").json().array("chunk").objects();
        var notJoined = bob.client().get(V3 + "/rooms/" + enc(roomId) + "/members?not_membership=join").json()
                .array("chunk").objects();
        var joined = bob.client().get(V3 + "/rooms/" + enc(roomId) + "/joined_members").json().object("joined");

        assertThat(all).extracting(e -> e.string("state_key")).containsExactlyInAnyOrder(alice.userId(), bob.userId());
        assertThat(notJoined).isEmpty();
        assertThat(joined.members()).containsOnlyKeys(alice.userId(), bob.userId());
    }

    @Test
    void nonMembers_cannotReadHistory() {
        var carol = anonymous.register("carol", "pw");

        assertThat(carol.client().get(V3 + "/rooms/" + enc(roomId) + "/messages").status()).isEqualTo(403);
        assertThat(carol.client().get(V3 + "/rooms/" + enc(roomId) + "/members").status()).isEqualTo(403);
    }
}
