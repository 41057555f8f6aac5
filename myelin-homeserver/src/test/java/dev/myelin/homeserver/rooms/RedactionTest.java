package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedactionTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private TestClient.LoggedIn alice;
    private TestClient.LoggedIn bob;
    private int txn;

    RedactionTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    @BeforeAll
    void users() {
        alice = anonymous.register("alice", "pw");
        bob = anonymous.register("bob", "pw");
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    private String room(String version) {
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .put("room_version", version).build()).json().string("room_id");
        bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        return roomId;
    }

    private String send(TestClient.LoggedIn user, String roomId, String body) {
        return user.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/r" + ++txn,
                JsonObject.builder().put("msgtype", "m.text").put("body", body).build()).json().string("event_id");
    }

    private TestClient.TestResponse redact(TestClient.LoggedIn user, String roomId, String eventId) {
        return user.client().put(V3 + "/rooms/" + enc(roomId) + "/redact/" + enc(eventId) + "/x" + ++txn,
                JsonObject.builder().put("reason", "oops").build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "11"})
    void ownMessage_isRedacted_andServedWithoutItsContent(String version) {
        String roomId = room(version);
        String eventId = send(bob, roomId, "regrettable");

        var response = redact(bob, roomId, eventId);
        var history = bob.client().get(V3 + "/rooms/" + enc(roomId) + "/messages?dir=b&limit=5").json()
                .array("chunk").objects();

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var redaction = history.getFirst();
        assertThat(redaction.string("type")).isEqualTo("m.room.redaction");
        if (version.equals("11")) {
            assertThat(redaction.object("content").string("redacts")).isEqualTo(eventId);
        }
        var original = history.stream().filter(e -> e.string("event_id").equals(eventId)).findFirst().orElseThrow();
        assertThat(original.object("content").size()).isZero();
    }

    @Test
    void othersMessages_needTheRedactLevel() {
        String roomId = room("10");
        String alices = send(alice, roomId, "mine");
        String bobs = send(bob, roomId, "his");

        assertThat(redact(bob, roomId, alices).status()).isEqualTo(403);
        assertThat(redact(alice, roomId, bobs).status()).as("alice is at 100").isEqualTo(200);
    }

    @Test
    void unknownEvent_isNotFound() {
        String roomId = room("10");

        assertThat(redact(alice, roomId, "$nope").status()).isEqualTo(404);
    }
}
