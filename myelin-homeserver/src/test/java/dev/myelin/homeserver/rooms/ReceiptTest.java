package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReceiptTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private int users;

    ReceiptTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    @Test
    void readReceipts_reachRoomMatesAsEphemeral_privateOnesOnlyTheOwner() {
        var alice = anonymous.register("ralice" + ++users, "pw");
        var bob = anonymous.register("rbob" + users, "pw");
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .build()).json().string("room_id");
        bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        String eventId = alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/1",
                JsonObject.builder().put("body", "read me").build()).json().string("event_id");
        String aliceSince = alice.client().get(V3 + "/sync?timeout=0").json().string("next_batch");

        var read = bob.client().post(V3 + "/rooms/" + enc(roomId) + "/receipt/m.read/" + enc(eventId),
                JsonObject.EMPTY);
        bob.client().post(V3 + "/rooms/" + enc(roomId) + "/receipt/m.read.private/" + enc(eventId),
                JsonObject.EMPTY);
        JsonObject synced = alice.client().get(V3 + "/sync?timeout=0&since=" + aliceSince).json();

        assertThat(read.status()).isEqualTo(200);
        var ephemeral = synced.object("rooms").object("join").object(roomId).object("ephemeral").array("events")
                .objects();
        assertThat(ephemeral).hasSize(1);
        JsonObject receipt = ephemeral.getFirst();
        assertThat(receipt.string("type")).isEqualTo("m.receipt");
        JsonObject perType = receipt.object("content").object(eventId);
        assertThat(perType.members()).containsOnlyKeys("m.read");
        assertThat(perType.object("m.read").object(bob.userId()).integer("ts")).isPositive();
    }

    @Test
    void typingAndReceipts_wakeARoomMatesParkedSync() throws Exception {
        var alice = anonymous.register("ralice" + ++users, "pw");
        var bob = anonymous.register("rbob" + users, "pw");
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .build()).json().string("room_id");
        bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        String eventId = alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/w1",
                JsonObject.builder().put("body", "wake").build()).json().string("event_id");
        String since = bob.client().get(V3 + "/sync?timeout=0").json().string("next_batch");

        var typingPoll = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                bob.client().get(V3 + "/sync?timeout=30000&since=" + since).json());
        awaitParked(1);
        alice.client().put(V3 + "/rooms/" + enc(roomId) + "/typing/" + enc(alice.userId()),
                JsonObject.builder().put("typing", true).put("timeout", 30000).build());
        JsonObject typed = typingPoll.get(10, java.util.concurrent.TimeUnit.SECONDS);
        var receiptPoll = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                bob.client().get(V3 + "/sync?timeout=30000&since=" + typed.string("next_batch")).json());
        awaitParked(1);
        alice.client().post(V3 + "/rooms/" + enc(roomId) + "/receipt/m.read/" + enc(eventId), JsonObject.EMPTY);
        JsonObject receipted = receiptPoll.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(typed.object("rooms").object("join").object(roomId).object("ephemeral").array("events")
                .objects()).extracting(e -> e.string("type")).contains("m.typing");
        assertThat(receipted.object("rooms").object("join").object(roomId).object("ephemeral").array("events")
                .objects()).extracting(e -> e.string("type")).contains("m.receipt");
    }

    private dev.myelin.homeserver.Homeserver server;

    @org.junit.jupiter.api.BeforeAll
    void server(dev.myelin.homeserver.Homeserver homeserver) {
        this.server = homeserver;
    }

    /** Until this many syncs are parked on the server (the poll has really started waiting). */
    private void awaitParked(int count) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (server.parkedLongPolls() < count) {
            assertThat(System.nanoTime()).as("parked polls").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void receiptForAnUnknownEventOrByANonMember_isRefused() {
        var alice = anonymous.register("ralice" + ++users, "pw");
        var carol = anonymous.register("rcarol" + users, "pw");
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.EMPTY).json().string("room_id");

        var unknown = alice.client().post(V3 + "/rooms/" + enc(roomId) + "/receipt/m.read/" + enc("$nope"),
                JsonObject.EMPTY);
        var outsider = carol.client().post(V3 + "/rooms/" + enc(roomId) + "/receipt/m.read/" + enc("$nope"),
                JsonObject.EMPTY);
        var badType = alice.client().post(V3 + "/rooms/" + enc(roomId) + "/receipt/m.bogus/" + enc("$nope"),
                JsonObject.EMPTY);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(badType.status()).isEqualTo(400);
    }

    @Test
    void typing_reachesRoomMatesAndItsEndToo() {
        var alice = anonymous.register("talice" + ++users, "pw");
        var bob = anonymous.register("tbob" + users, "pw");
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .build()).json().string("room_id");
        bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        String since = alice.client().get(V3 + "/sync?timeout=0").json().string("next_batch");
        String typingPath = V3 + "/rooms/" + enc(roomId) + "/typing/" + enc(bob.userId());

        var start = bob.client().put(typingPath, JsonObject.builder().put("typing", true).put("timeout", 30000)
                .build());
        JsonObject whileTyping = alice.client().get(V3 + "/sync?timeout=0&since=" + since).json();
        bob.client().put(typingPath, JsonObject.builder().put("typing", false).build());
        JsonObject afterStop = alice.client().get(V3 + "/sync?timeout=0&since=" + whileTyping.string("next_batch"))
                .json();
        var forOther = alice.client().put(typingPath, JsonObject.builder().put("typing", true).build());

        assertThat(start.status()).isEqualTo(200);
        assertThat(typingUsers(whileTyping, roomId)).containsExactly(bob.userId());
        assertThat(typingUsers(afterStop, roomId)).isEmpty();
        assertThat(forOther.status()).isEqualTo(403);
    }

    private static List<String> typingUsers(JsonObject sync, String roomId) {
        return sync.object("rooms").object("join").object(roomId).object("ephemeral").array("events").objects()
                .stream().filter(e -> e.string("type").equals("m.typing")).findFirst().orElseThrow()
                .object("content").array("user_ids").strings();
    }
}
