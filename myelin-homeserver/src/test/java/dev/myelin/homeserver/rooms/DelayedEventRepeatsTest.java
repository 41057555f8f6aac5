package dev.myelin.homeserver.rooms;

import static dev.myelin.homeserver.rooms.DelayedEventsTest.DELAYED;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.V3;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.awaitStatus;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.createRoom;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.delayId;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.enc;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.messages;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.sendDelayed;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.text;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MSC4140 repeats on finished delayed events (the same action again: 200; a conflicting one: 404 M_NOT_FOUND, which
 * lk-jwt-service and js-sdk read as "gone"), the newer {@code PUT …/delayed_event/{type}/{txnId}} endpoint, and {@code POST /send}.
 */
@ExtendWith(HomeserverExtension.class)
class DelayedEventRepeatsTest {
    private static final String SCHEDULE = "/_matrix/client/unstable/org.matrix.msc4140/rooms/";
    private static final AtomicInteger USERS = new AtomicInteger();
    private final TestClient anonymous;

    DelayedEventRepeatsTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private TestClient.LoggedIn newUser() {
        return anonymous.register("repeat" + USERS.incrementAndGet(), "pw");
    }

    private static TestClient.TestResponse act(TestClient.LoggedIn user, String delayId, String action) {
        return user.client().send("POST", DELAYED + "/" + delayId + "/" + action, null);
    }

    @Test
    void sentEvent_sendAgainIs200AndRestartOrCancelIsNotFound() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String delayId = delayId(sendDelayed(alice, roomId, "s", "60000", text("once")));

        var send = act(alice, delayId, "send");
        var sendAgain = act(alice, delayId, "send");
        var restart = act(alice, delayId, "restart");
        var cancel = act(alice, delayId, "cancel");

        assertThat(send.status()).as(send.toString()).isEqualTo(200);
        assertThat(sendAgain.status()).as(sendAgain.toString()).isEqualTo(200);
        assertThat(restart.status()).isEqualTo(404);
        assertThat(restart.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(cancel.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(withBody(messages(alice, roomId), "once")).hasSize(1);
    }

    @Test
    void cancelledEvent_cancelAgainIs200AndSendIsNotFoundWithoutSending() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String delayId = delayId(sendDelayed(alice, roomId, "c", "60000", text("never")));

        var cancel = act(alice, delayId, "cancel");
        var cancelAgain = act(alice, delayId, "cancel");
        var send = act(alice, delayId, "send");
        var legacySend = alice.client().post(DELAYED + "/" + delayId, JsonObject.builder().put("action", "send")
                .build());

        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancelAgain.status()).as(cancelAgain.toString()).isEqualTo(200);
        assertThat(send.status()).isEqualTo(404);
        assertThat(send.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(legacySend.status()).isEqualTo(404);
        assertThat(withBody(messages(alice, roomId), "never")).isEmpty();
    }

    @Test
    void lkJwtServiceCalls_restartOfAFiredLeaveIs404SoTheJobStops_andSendOfASentOneIs200() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String delayId = delayId(sendDelayed(alice, roomId, "lk", "60000", text("leave")));
        act(alice, delayId, "send");

        // As lk-jwt-service calls: body {}, no token. It stops on a 404 only and retries anything else.
        var restart = anonymous.send("POST", DELAYED + "/" + delayId + "/restart", "{}".getBytes());
        var send = anonymous.send("POST", DELAYED + "/" + delayId + "/send", "{}".getBytes());

        assertThat(restart.status()).isEqualTo(404);
        assertThat(send.status()).isEqualTo(200);
    }

    @Test
    void unknownDelayId_isStill404() {
        var alice = newUser();

        var cancel = act(alice, "syd_doesNotExistAtAllxx", "cancel");

        assertThat(cancel.status()).isEqualTo(404);
        assertThat(cancel.errcode()).isEqualTo("M_NOT_FOUND");
    }

    @Test
    void newScheduleEndpoint_sendsStateOnTimeAndRepeatsTheDelayIdForTheSameTxn() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String path = SCHEDULE + enc(roomId) + "/delayed_event/org.example.state/txn1";
        JsonObject body = JsonObject.builder().put("delay_ms", 100).put("state_key", "k")
                .put("content", JsonObject.builder().put("v", "new-endpoint").build()).build();

        String delayId = delayId(alice.client().put(path, body));
        String repeated = delayId(alice.client().put(path, JsonObject.EMPTY));
        JsonObject sent = awaitStatus(alice, delayId, "sent");
        var state = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/org.example.state/k");

        assertThat(repeated).isEqualTo(delayId);
        assertThat(sent.string("state_key")).isEqualTo("k");
        assertThat(state.json().string("v")).isEqualTo("new-endpoint");
    }

    @Test
    void newScheduleEndpoint_acceptsTheDelayFieldAndRejectsAMissingContentOrNegativeDelay() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String base = SCHEDULE + enc(roomId) + "/delayed_event/m.room.message/";

        var withDelay = alice.client().put(base + "a", JsonObject.builder().put("delay", 60_000)
                .put("content", text("x")).build());
        var noContent = alice.client().put(base + "b", JsonObject.builder().put("delay_ms", 60_000).build());
        var negative = alice.client().put(base + "c", JsonObject.builder().put("delay_ms", -1)
                .put("content", text("x")).build());
        var noDelay = alice.client().put(base + "d", JsonObject.builder().put("content", text("x")).build());

        assertThat(withDelay.status()).as(withDelay.toString()).isEqualTo(200);
        assertThat(noContent.status()).isEqualTo(400);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(noDelay.status()).isEqualTo(400);
        assertThat(noDelay.errcode()).isEqualTo("M_MISSING_PARAM");
    }

    @Test
    void postSendWithoutTxnId_sendsOrSchedules() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var plain = alice.client().post(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message", text("posted"));
        var delayed = alice.client().post(V3 + "/rooms/" + enc(roomId)
                + "/send/m.room.message?org.matrix.msc4140.delay=50", text("posted-later"));
        JsonObject sent = awaitStatus(alice, delayId(delayed), "sent");

        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        assertThat(plain.json().string("event_id")).startsWith("$");
        assertThat(withBody(messages(alice, roomId), "posted-later")).extracting(e -> e.string("event_id"))
                .containsExactly(sent.string("event_id"));
    }
}
