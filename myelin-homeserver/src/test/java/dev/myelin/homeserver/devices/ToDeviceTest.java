package dev.myelin.homeserver.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToDeviceTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private TestClient.LoggedIn alice;
    private int txn;

    ToDeviceTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    @BeforeAll
    void users() {
        alice = anonymous.register("alice", "pw");
    }

    private TestClient.LoggedIn login(String user) {
        return anonymous.loggedIn(anonymous.post(V3 + "/login", JsonObject.builder().put("type", "m.login.password")
                .put("user", user).put("password", "pw").build()).json());
    }

    private TestClient.LoggedIn newUser(String name) {
        return anonymous.register(name, "pw");
    }

    private int sendToDevice(TestClient.LoggedIn from, String txnId, String userId, String deviceId, String payload) {
        JsonObject body = JsonObject.builder().put("messages", JsonObject.builder().put(userId,
                JsonObject.builder().put(deviceId, JsonObject.builder().put("payload", payload).build()).build())
                .build()).build();
        return from.client().put(V3 + "/sendToDevice/m.test/" + txnId, body).status();
    }

    private JsonObject sync(TestClient.LoggedIn user, String query) {
        return user.client().get(V3 + "/sync?timeout=0" + query).json();
    }

    private static List<String> payloads(JsonObject sync) {
        return sync.object("to_device").array("events").objects().stream()
                .map(e -> e.object("content").string("payload")).toList();
    }

    @Test
    void message_reachesExactlyTheNamedDevice_withTypeAndSender() {
        var bob = newUser("bob1");
        var bobOther = login("bob1");

        assertThat(sendToDevice(alice, "t" + ++txn, bob.userId(), bob.deviceId(), "for phone")).isEqualTo(200);

        JsonObject synced = sync(bob, "");
        var event = synced.object("to_device").array("events").objects().getFirst();
        assertThat(event.string("type")).isEqualTo("m.test");
        assertThat(event.string("sender")).isEqualTo(alice.userId());
        assertThat(payloads(synced)).containsExactly("for phone");
        assertThat(payloads(sync(bobOther, ""))).isEmpty();
    }

    @Test
    void star_reachesEveryDeviceOfTheUser() {
        var bob = newUser("bob2");
        var bobOther = login("bob2");

        sendToDevice(alice, "t" + ++txn, bob.userId(), "*", "everyone");

        assertThat(payloads(sync(bob, ""))).containsExactly("everyone");
        assertThat(payloads(sync(bobOther, ""))).containsExactly("everyone");
    }

    @Test
    void messages_stayUntilALaterSinceAcknowledgesThem_inSendOrder() {
        var bob = newUser("bob3");
        String start = sync(bob, "").string("next_batch");
        sendToDevice(alice, "t" + ++txn, bob.userId(), bob.deviceId(), "one");
        sendToDevice(alice, "t" + ++txn, bob.userId(), bob.deviceId(), "two");

        JsonObject first = sync(bob, "&since=" + start);
        JsonObject retried = sync(bob, "&since=" + start);
        JsonObject acknowledged = sync(bob, "&since=" + first.string("next_batch"));

        assertThat(payloads(first)).containsExactly("one", "two");
        assertThat(payloads(retried)).as("not acknowledged yet: delivered again").containsExactly("one", "two");
        assertThat(payloads(acknowledged)).isEmpty();
    }

    @Test
    void repeatedTransactionId_queuesOnce() {
        var bob = newUser("bob4");

        sendToDevice(alice, "same", bob.userId(), bob.deviceId(), "once");
        sendToDevice(alice, "same", bob.userId(), bob.deviceId(), "once");

        assertThat(payloads(sync(bob, ""))).containsExactly("once");
    }

    @Test
    void longPoll_wakesForAToDeviceMessage() throws Exception {
        var bob = newUser("bob5");
        String since = sync(bob, "").string("next_batch");

        var polling = CompletableFuture.supplyAsync(() ->
                bob.client().get(V3 + "/sync?timeout=30000&since=" + since).json());
        sendToDevice(alice, "t" + ++txn, bob.userId(), bob.deviceId(), "wake");

        assertThat(payloads(polling.get(20, TimeUnit.SECONDS))).containsExactly("wake");
    }

    @Test
    void unknownDevicesAndRemoteUsers_areSkippedWithoutError() {
        assertThat(sendToDevice(alice, "t" + ++txn, "@nobody:test.myelin", "X", "lost")).isEqualTo(200);
        assertThat(sendToDevice(alice, "t" + ++txn, "@remote:elsewhere.org", "X", "lost")).isEqualTo(200);
    }

    @Test
    void missingMessages_isBadJson() {
        var response = alice.client().put(V3 + "/sendToDevice/m.test/bad", JsonObject.EMPTY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_BAD_JSON");
    }
}
