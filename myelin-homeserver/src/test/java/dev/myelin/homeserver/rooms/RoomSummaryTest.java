package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
class RoomSummaryTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;

    RoomSummaryTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private static JsonObject summary(TestClient.LoggedIn user, String roomId) {
        return user.client().get(V3 + "/sync?timeout=0").json().object("rooms").object("join").object(roomId)
                .object("summary");
    }

    @Test
    void unnamedRoom_summaryCountsMembersAndNamesTheOthersAsHeroes() {
        var alice = anonymous.register("sumalice", "pw");
        var bob = anonymous.register("sumbob", "pw");
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "trusted_private_chat")
                .put("invite", JsonValue.ofStrings(List.of(bob.userId()))).build()).json().string("room_id");

        JsonObject summary = summary(alice, roomId);

        assertThat(summary.integer("m.joined_member_count")).isEqualTo(1);
        assertThat(summary.integer("m.invited_member_count")).isEqualTo(1);
        assertThat(summary.array("m.heroes").strings()).containsExactly(bob.userId());
    }

    @Test
    void namedRoom_summaryHasCountsButNoHeroes() {
        var carol = anonymous.register("sumcarol", "pw");
        String roomId = carol.client().post(V3 + "/createRoom", JsonObject.builder().put("name", "Named").build())
                .json().string("room_id");

        JsonObject summary = summary(carol, roomId);

        assertThat(summary.integer("m.joined_member_count")).isEqualTo(1);
        assertThat(summary.has("m.heroes")).isFalse();
    }

    @Test
    void incrementalSync_sendsTheSummaryOnlyWhenMembersChanged() {
        var dave = anonymous.register("sumdave", "pw");
        var erin = anonymous.register("sumerin", "pw");
        String roomId = dave.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .build()).json().string("room_id");
        String since = dave.client().get(V3 + "/sync?timeout=0").json().string("next_batch");

        dave.client().put(V3 + "/rooms/" + roomId + "/send/m.room.message/t1",
                JsonObject.builder().put("msgtype", "m.text").put("body", "hi").build());
        JsonObject quiet = dave.client().get(V3 + "/sync?timeout=0&since=" + since).json();
        since = quiet.string("next_batch");
        erin.client().post(V3 + "/rooms/" + roomId + "/join", JsonObject.EMPTY);
        JsonObject joined = dave.client().get(V3 + "/sync?timeout=0&since=" + since).json();

        JsonObject quietRoom = quiet.object("rooms").object("join").object(roomId);
        assertThat(quietRoom.object("timeline").array("events").objects()).hasSize(1);
        assertThat(quietRoom.has("summary")).isFalse();
        JsonObject summary = joined.object("rooms").object("join").object(roomId).object("summary");
        assertThat(summary.integer("m.joined_member_count")).isEqualTo(2);
        assertThat(summary.array("m.heroes").strings()).containsExactly(erin.userId());
    }
}
