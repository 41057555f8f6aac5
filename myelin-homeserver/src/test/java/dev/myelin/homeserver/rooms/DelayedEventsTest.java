package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MSC4140 delayed events against a real server: scheduling, management, listing, sending on time. */
@ExtendWith(HomeserverExtension.class)
class DelayedEventsTest {
    static final String V3 = "/_matrix/client/v3";
    static final String DELAYED = "/_matrix/client/unstable/org.matrix.msc4140/delayed_events";
    private static final AtomicInteger USERS = new AtomicInteger();

    private final TestClient anonymous;

    DelayedEventsTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private TestClient.LoggedIn newUser() {
        return anonymous.register("user" + USERS.incrementAndGet(), "pw");
    }

    static String createRoom(TestClient.LoggedIn user, JsonObject body) {
        var response = user.client().post(V3 + "/createRoom", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().string("room_id");
    }

    static TestClient.TestResponse sendDelayed(TestClient.LoggedIn user, String roomId, String txn, String delay,
            JsonObject content) {
        return user.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/" + txn
                + "?org.matrix.msc4140.delay=" + delay, content);
    }

    static String delayId(TestClient.TestResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().string("delay_id");
    }

    static JsonObject text(String body) {
        return JsonObject.builder().put("msgtype", "m.text").put("body", body).build();
    }

    /** The room's timeline as the user sees it, oldest first. */
    static List<JsonObject> messages(TestClient.LoggedIn user, String roomId) {
        var response = user.client().get(V3 + "/rooms/" + enc(roomId) + "/messages?dir=f&limit=1000");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().array("chunk").objects();
    }

    static List<JsonObject> withBody(List<JsonObject> events, String body) {
        return events.stream().filter(e -> e.object("content").optionalString("body").filter(body::equals)
                .isPresent()).toList();
    }

    static JsonObject lookup(TestClient.LoggedIn user, String delayId) {
        var response = user.client().get(DELAYED + "/" + delayId);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    static <T> T await(Supplier<Optional<T>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("condition not met within " + timeout);
    }

    static JsonObject awaitStatus(TestClient.LoggedIn user, String delayId, String status) {
        // A 429 from polling too eagerly (management is rate-limited) just means "not yet".
        return await(() -> Optional.of(user.client().get(DELAYED + "/" + delayId)).filter(r -> r.status() == 200)
                .map(TestClient.TestResponse::json).filter(e -> e.string("status").equals(status)),
                Duration.ofSeconds(10));
    }

    @Test
    void sendWithDelay_answersADelayIdAndSendsOnTimeWithTheScheduledTimestamp() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);

        String delayId = delayId(sendDelayed(alice, roomId, "t1", "400", text("later")));
        JsonObject scheduled = lookup(alice, delayId);
        boolean absentAtFirst = withBody(messages(alice, roomId), "later").isEmpty();
        JsonObject sent = awaitStatus(alice, delayId, "sent");
        List<JsonObject> events = withBody(messages(alice, roomId), "later");

        assertThat(delayId).matches("syd_[A-Za-z]{20}");
        assertThat(scheduled.string("status")).isEqualTo("scheduled");
        assertThat(scheduled.integer("delay")).isEqualTo(400);
        assertThat(absentAtFirst).isTrue();
        assertThat(events).hasSize(1);
        long sendTs = scheduled.integer("running_since") + 400;
        assertThat(events.getFirst().integer("origin_server_ts")).isEqualTo(sendTs);
        assertThat(events.getFirst().string("event_id")).isEqualTo(sent.string("event_id"));
        // On time: sent within 250 ms of its scheduled time, never before it.
        assertThat(sent.integer("finalised_ts")).isBetween(sendTs, sendTs + 250);
    }

    @Test
    void earlierEventScheduledWhileTheSchedulerWaitsForALaterOne_stillFiresOnTime() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        delayId(sendDelayed(alice, roomId, "far", "60000", text("far")));

        String soon = delayId(sendDelayed(alice, roomId, "soon", "300", text("soon")));
        long sendTs = lookup(alice, soon).integer("send_ts");
        JsonObject sent = awaitStatus(alice, soon, "sent");

        assertThat(sent.integer("finalised_ts")).isBetween(sendTs, sendTs + 250);
    }

    @Test
    void sentDelayedEvent_carriesItsDelayIdInUnsignedForTheSenderOnly() {
        var alice = newUser();
        var bob = newUser();
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);

        String delayId = delayId(sendDelayed(alice, roomId, "t1", "0", text("now")));
        awaitStatus(alice, delayId, "sent");
        JsonObject asAlice = withBody(messages(alice, roomId), "now").getFirst();
        JsonObject asBob = withBody(messages(bob, roomId), "now").getFirst();

        JsonObject aliceSync = alice.client().get(V3 + "/sync").json();
        List<JsonObject> synced = aliceSync.object("rooms").object("join").object(roomId).object("timeline")
                .array("events").objects();

        assertThat(asAlice.object("unsigned").optionalString("org.matrix.msc4140.delay_id")).contains(delayId);
        assertThat(withBody(synced, "now").getFirst().object("unsigned")
                .optionalString("org.matrix.msc4140.delay_id")).contains(delayId);
        assertThat(asBob.object("unsigned").has("org.matrix.msc4140.delay_id")).isFalse();
    }

    @Test
    void sameTransactionId_returnsTheSameDelayIdAndSchedulesOnce() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);

        String first = delayId(sendDelayed(alice, roomId, "same", "60000", text("once")));
        String again = delayId(sendDelayed(alice, roomId, "same", "60000", text("once")));
        var listing = alice.client().get(DELAYED);

        assertThat(again).isEqualTo(first);
        assertThat(listing.json().array("delayed_events").objects()).extracting(e -> e.string("delay_id"))
                .containsExactly(first);
    }

    @Test
    void delayedStateEvent_becomesStateWhenItFires() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var response = alice.client().put(V3 + "/rooms/" + enc(roomId) + "/state/com.example.test/k"
                + "?org.matrix.msc4140.delay=100", JsonObject.builder().put("v", 1).build());
        String delayId = delayId(response);
        JsonObject listed = alice.client().get(DELAYED).json().array("delayed_events").objects().getFirst();
        awaitStatus(alice, delayId, "sent");
        var state = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/com.example.test/k");

        assertThat(listed.string("state_key")).isEqualTo("k");
        assertThat(listed.object("content").integer("v")).isEqualTo(1);
        assertThat(state.status()).isEqualTo(200);
        assertThat(state.json().integer("v")).isEqualTo(1);
    }

    @Test
    void cancel_stopsTheEventAndKeepsItListedAsFinalised() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String delayId = delayId(sendDelayed(alice, roomId, "t1", "300", text("never")));

        var cancel = alice.client().send("POST", DELAYED + "/" + delayId + "/cancel", null);
        var again = alice.client().send("POST", DELAYED + "/" + delayId + "/cancel", null);
        var finalised = alice.client().get(DELAYED + "?status=finalised").json().array("delayed_events").objects();
        var scheduled = alice.client().get(DELAYED).json().array("delayed_events").objects();

        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        assertThat(cancel.body()).isEqualTo("{}");
        // MSC4140: repeating the same action on a finished event is idempotent.
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(scheduled).isEmpty();
        assertThat(finalised).extracting(e -> e.string("status")).containsExactly("cancelled");
        // Sending "never" would have happened by now if cancel had not removed it; a later message proves order.
        alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/after", text("after"));
        assertThat(withBody(messages(alice, roomId), "never")).isEmpty();
    }

    @Test
    void restart_startsTheDelayAgainFromNow() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String delayId = delayId(sendDelayed(alice, roomId, "t1", "60000", text("x")));
        long before = lookup(alice, delayId).integer("running_since");
        await(() -> Optional.of(System.currentTimeMillis()).filter(now -> now > before + 20), Duration.ofSeconds(2));

        var restart = alice.client().send("POST", DELAYED + "/" + delayId + "/restart", null);
        JsonObject after = lookup(alice, delayId);

        assertThat(restart.status()).as(restart.toString()).isEqualTo(200);
        assertThat(after.integer("running_since")).isGreaterThan(before);
        assertThat(after.integer("delay")).isEqualTo(60000);
    }

    @Test
    void sendAction_sendsAtOnceWithTheCurrentTimestamp() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String delayId = delayId(sendDelayed(alice, roomId, "t1", "60000", text("early")));
        long requested = System.currentTimeMillis();

        var send = alice.client().send("POST", DELAYED + "/" + delayId + "/send", null);
        List<JsonObject> events = withBody(messages(alice, roomId), "early");

        assertThat(send.status()).as(send.toString()).isEqualTo(200);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().integer("origin_server_ts")).isBetween(requested - 1000, requested + 5000);
        assertThat(lookup(alice, delayId).string("status")).isEqualTo("sent");
    }

    @Test
    void badDelays_areRejectedNotIgnored() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var negative = sendDelayed(alice, roomId, "a", "-1", text("x"));
        var fraction = sendDelayed(alice, roomId, "b", "1.5", text("x"));
        var tooLong = sendDelayed(alice, roomId, "c", "86400001", text("x"));

        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errcode()).isEqualTo("M_UNKNOWN");
        assertThat(tooLong.json().string("org.matrix.msc4140.errcode")).isEqualTo("M_MAX_DELAY_EXCEEDED");
        assertThat(tooLong.json().integer("org.matrix.msc4140.max_delay")).isEqualTo(86_400_000);
        assertThat(messages(alice, roomId)).noneMatch(e -> e.string("type").equals("m.room.message"));
    }

    @Test
    void unknownRoom_is404() {
        var alice = newUser();

        var response = sendDelayed(alice, "!nowhere:test.myelin", "a", "1000", text("x"));

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void management_unknownIdIsNotFoundAndUnknownActionUnrecognized() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String delayId = delayId(sendDelayed(alice, roomId, "t1", "60000", text("x")));

        var unknownId = alice.client().send("POST", DELAYED + "/syd_doesnotexist/restart", null);
        var unknownAction = alice.client().send("POST", DELAYED + "/" + delayId + "/oops", null);
        var lookupUnknown = alice.client().get(DELAYED + "/syd_doesnotexist");

        assertThat(unknownId.status()).isEqualTo(404);
        assertThat(unknownId.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(unknownAction.status()).isEqualTo(404);
        assertThat(unknownAction.errcode()).isEqualTo("M_UNRECOGNIZED");
        assertThat(lookupUnknown.status()).isEqualTo(404);
    }

    @Test
    void management_withAnotherUsersTokenIsForbiddenWithoutATokenAllowed() {
        var alice = newUser();
        var mallory = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String delayId = delayId(sendDelayed(alice, roomId, "t1", "60000", text("x")));

        var asMallory = mallory.client().send("POST", DELAYED + "/" + delayId + "/cancel", null);
        var badToken = anonymous.withToken("nonsense").send("POST", DELAYED + "/" + delayId + "/restart", null);
        var malloryLookup = mallory.client().get(DELAYED + "/" + delayId);
        var withoutToken = anonymous.send("POST", DELAYED + "/" + delayId + "/restart", null);

        assertThat(asMallory.status()).isEqualTo(403);
        assertThat(asMallory.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(badToken.status()).isEqualTo(401);
        assertThat(malloryLookup.status()).isEqualTo(404);
        assertThat(withoutToken.status()).as(withoutToken.toString()).isEqualTo(200);
        assertThat(lookup(alice, delayId).string("status")).isEqualTo("scheduled");
    }

    @Test
    void legacyBodyForm_performsTheActionAndValidatesTheBody() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String delayId = delayId(sendDelayed(alice, roomId, "t1", "60000", text("x")));
        String path = DELAYED + "/" + delayId;

        var noBody = anonymous.send("POST", path, null);
        var noAction = anonymous.post(path, JsonObject.EMPTY);
        var badAction = anonymous.post(path, JsonObject.builder().put("action", "explode").build());
        var cancel = anonymous.post(path, JsonObject.builder().put("action", "cancel").build());

        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.errcode()).isEqualTo("M_NOT_JSON");
        assertThat(noAction.status()).isEqualTo(400);
        assertThat(noAction.errcode()).isEqualTo("M_MISSING_PARAM");
        assertThat(badAction.status()).isEqualTo(400);
        assertThat(badAction.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        assertThat(lookup(alice, delayId).string("status")).isEqualTo("cancelled");
    }

    @Test
    void listing_needsATokenAndShowsOnlyTheCallersScheduledEventsInSendOrder() {
        var alice = newUser();
        var bob = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String later = delayId(sendDelayed(alice, roomId, "a", "90000", text("x")));
        String sooner = delayId(sendDelayed(alice, roomId, "b", "60000", text("y")));

        var noToken = anonymous.get(DELAYED);
        var mine = alice.client().get(DELAYED).json().array("delayed_events").objects();
        var bobs = bob.client().get(DELAYED).json().array("delayed_events").objects();

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.errcode()).isEqualTo("M_MISSING_TOKEN");
        assertThat(mine).extracting(e -> e.string("delay_id")).containsExactly(sooner, later);
        assertThat(mine.getFirst().string("room_id")).isEqualTo(roomId);
        assertThat(mine.getFirst().string("type")).isEqualTo("m.room.message");
        assertThat(mine.getFirst().has("state_key")).isFalse();
        assertThat(mine.getFirst().object("content").string("body")).isEqualTo("y");
        assertThat(bobs).isEmpty();
    }

    @Test
    void capabilities_advertiseTheLimits() {
        var alice = newUser();

        var capabilities = alice.client().get(V3 + "/capabilities").json().object("capabilities")
                .object("org.matrix.msc4140.delayed_events");

        assertThat(capabilities.integer("max_delay_ms")).isEqualTo(86_400_000);
        assertThat(capabilities.integer("max_scheduled")).isEqualTo(100);
    }

    @Test
    void newStateFromAnotherUser_cancelsPendingDelayedStateForThatKeyButNotTheSendersOwn() {
        var alice = newUser();
        var bob = newUser();
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);
        // Members may send this state type (default state level 50 applies only to listed/all? use alice's own too).
        String bobs = delayId(bob.client().put(V3 + "/rooms/" + enc(roomId) + "/state/com.example.k/shared"
                + "?org.matrix.msc4140.delay=60000", JsonObject.builder().put("by", "bob").build()));
        String alices = delayId(alice.client().put(V3 + "/rooms/" + enc(roomId) + "/state/com.example.k/shared"
                + "?org.matrix.msc4140.delay=60000", JsonObject.builder().put("by", "alice-later").build()));

        var now = alice.client().put(V3 + "/rooms/" + enc(roomId) + "/state/com.example.k/shared",
                JsonObject.builder().put("by", "alice").build());

        assertThat(now.status()).as(now.toString()).isEqualTo(200);
        assertThat(lookup(bob, bobs).string("status")).isEqualTo("cancelled");
        assertThat(lookup(alice, alices).string("status")).isEqualTo("scheduled");
    }

    @Test
    void delayedLeave_goesThroughTheMembershipPathWhenItFires() {
        var alice = newUser();
        var bob = newUser();
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);

        String delayId = delayId(bob.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.member/"
                + enc(bob.userId()) + "?org.matrix.msc4140.delay=50",
                JsonObject.builder().put("membership", "leave").build()));
        awaitStatus(bob, delayId, "sent");
        var joined = bob.client().get(V3 + "/joined_rooms").json().array("joined_rooms").strings();

        assertThat(joined).doesNotContain(roomId);
    }

    @Test
    void sendActionThatFailsAuthorisation_answersTheErrorAndLeavesTheEventScheduled() {
        var alice = newUser();
        var bob = newUser();
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);
        // Scheduling checks nothing about power; sending does: bob may not change power levels.
        String delayId = delayId(bob.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.power_levels/"
                + "?org.matrix.msc4140.delay=60000", JsonObject.builder().put("users_default", 100).build()));
        long sendTs = lookup(bob, delayId).integer("send_ts");

        var send = bob.client().send("POST", DELAYED + "/" + delayId + "/send", null);
        JsonObject after = lookup(bob, delayId);

        assertThat(send.status()).isEqualTo(403);
        assertThat(send.json().string("errcode")).isEqualTo("M_FORBIDDEN");
        assertThat(after.string("status")).isEqualTo("scheduled");
        assertThat(after.integer("send_ts")).isEqualTo(sendTs);
        assertThat(after.optionalObject("error")).isEmpty();
    }

    @Test
    void timeoutSendThatFailsAuthorisation_isFinalisedAsFailedWithTheError() {
        var alice = newUser();
        var bob = newUser();
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);
        String delayId = delayId(bob.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.power_levels/"
                + "?org.matrix.msc4140.delay=50", JsonObject.builder().put("users_default", 100).build()));

        JsonObject failed = awaitStatus(bob, delayId, "failed");

        assertThat(failed.object("error").string("errcode")).isEqualTo("M_FORBIDDEN");
    }
}
