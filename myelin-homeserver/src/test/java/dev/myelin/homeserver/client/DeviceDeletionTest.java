package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DELETE /devices/{id} and POST /delete_devices behind m.login.password user-interactive auth. */
@ExtendWith(HomeserverExtension.class)
class DeviceDeletionTest {
    private static final String V3 = "/_matrix/client/v3";
    private static final AtomicInteger USERS = new AtomicInteger();
    private final TestClient anonymous;

    DeviceDeletionTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private String name(String base) {
        return base + USERS.incrementAndGet();
    }

    private TestClient.LoggedIn login(String user, String password) {
        var response = anonymous.post(V3 + "/login", JsonObject.builder().put("type", "m.login.password")
                .put("identifier", JsonObject.builder().put("type", "m.id.user").put("user", user).build())
                .put("password", password).build());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return anonymous.loggedIn(response.json());
    }

    private static JsonObject passwordAuth(String user, String password, String session) {
        return JsonObject.builder().put("auth", JsonObject.builder().put("type", "m.login.password")
                .put("identifier", JsonObject.builder().put("type", "m.id.user").put("user", user).build())
                .put("password", password).put("session", session).build()).build();
    }

    private static void uploadDeviceKeys(TestClient.LoggedIn user) {
        var response = user.client().post(V3 + "/keys/upload", JsonObject.builder().put("device_keys",
                JsonObject.builder().put("user_id", user.userId()).put("device_id", user.deviceId())
                        .put("algorithms", JsonValue.ofStrings(List.of("m.olm.v1.curve25519-aes-sha2")))
                        .put("keys", JsonObject.builder().put("curve25519:" + user.deviceId(), "c")
                                .put("ed25519:" + user.deviceId(), "e").build())
                        .put("signatures", JsonObject.EMPTY).build()).build());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static List<String> queriedDevices(TestClient.LoggedIn asker, String userId) {
        return List.copyOf(asker.client().post(V3 + "/keys/query", JsonObject.builder().put("device_keys",
                JsonObject.builder().put(userId, JsonValue.ofStrings(List.of())).build()).build()).json()
                .object("device_keys").optionalObject(userId).orElse(JsonObject.EMPTY).members().keySet());
    }

    @Test
    void deleteDevice_challengesForThePassword_thenLogsItOutDropsItsKeysAndTellsRoomMates() {
        String aliceName = name("alice");
        var phone = anonymous.register(aliceName, "secret");
        var laptop = login(aliceName, "secret");
        var bob = anonymous.register(name("bob"), "pw");
        String roomId = phone.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .build()).json().string("room_id");
        bob.client().post(V3 + "/join/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8), JsonObject.EMPTY);
        uploadDeviceKeys(laptop);
        bob.client().put(V3 + "/sendToDevice/m.test/t1", JsonObject.builder().put("messages", JsonObject.builder()
                .put(phone.userId(), JsonObject.builder().put(laptop.deviceId(), JsonObject.builder()
                        .put("n", 1).build()).build()).build()).build());
        assertThat(queriedDevices(bob, phone.userId())).contains(laptop.deviceId());
        String bobSince = bob.client().get(V3 + "/sync?timeout=0").json().string("next_batch");
        String path = V3 + "/devices/" + laptop.deviceId();

        var challenge = phone.client().send("DELETE", path, null);
        String session = challenge.json().string("session");
        var wrong = phone.client().send("DELETE", path, dev.myelin.json.Json.writeBytes(
                passwordAuth(aliceName, "guess", session)));
        var done = phone.client().send("DELETE", path, dev.myelin.json.Json.writeBytes(
                passwordAuth(aliceName, "secret", wrong.json().string("session"))));

        assertThat(challenge.status()).isEqualTo(401);
        assertThat(challenge.json().array("flows").objects().getFirst().array("stages").strings())
                .containsExactly("m.login.password");
        assertThat(challenge.json().has("errcode")).isFalse();
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        var laptopAfter = laptop.client().get(V3 + "/account/whoami");
        assertThat(laptopAfter.status()).isEqualTo(401);
        assertThat(laptopAfter.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(phone.client().get(V3 + "/devices").json().array("devices").objects())
                .extracting(d -> d.string("device_id")).containsExactly(phone.deviceId());
        assertThat(queriedDevices(bob, phone.userId())).doesNotContain(laptop.deviceId());
        JsonObject bobSync = bob.client().get(V3 + "/sync?timeout=0&since=" + bobSince).json();
        assertThat(bobSync.object("device_lists").array("changed").strings()).contains(phone.userId());
        // The same device id logging in again starts without the old queue.
        var again = anonymous.post(V3 + "/login", JsonObject.builder().put("type", "m.login.password")
                .put("identifier", JsonObject.builder().put("type", "m.id.user").put("user", aliceName).build())
                .put("password", "secret").put("device_id", laptop.deviceId()).build());
        var reborn = anonymous.loggedIn(again.json());
        assertThat(reborn.client().get(V3 + "/sync?timeout=0").json().object("to_device").array("events").size())
                .isZero();
    }

    @Test
    void deleteDevices_removesSeveralAtOnce_afterAuth_andSkipsUnknownOnes() {
        String name = name("carol");
        var first = anonymous.register(name, "pw");
        var second = login(name, "pw");
        var third = login(name, "pw");
        JsonObject devices = JsonObject.builder().put("devices",
                JsonValue.ofStrings(List.of(second.deviceId(), third.deviceId(), "NOSUCHDEVICE"))).build();

        var challenge = first.client().post(V3 + "/delete_devices", devices);
        var done = first.client().post(V3 + "/delete_devices", devices.with("auth",
                passwordAuth(name, "pw", challenge.json().string("session")).object("auth")));

        assertThat(challenge.status()).isEqualTo(401);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(first.client().get(V3 + "/devices").json().array("devices").objects())
                .extracting(d -> d.string("device_id")).containsExactly(first.deviceId());
        assertThat(second.client().get(V3 + "/account/whoami").status()).isEqualTo(401);
        assertThat(third.client().get(V3 + "/account/whoami").status()).isEqualTo(401);
    }

    @Test
    void deleteDevice_authNamingAnotherUser_isForbidden_andOtherUsersDevicesAreUntouched() {
        String name = name("dave");
        var dave = anonymous.register(name, "pw");
        var erin = anonymous.register(name("erin"), "pw");
        String path = V3 + "/devices/" + erin.deviceId();

        var asErin = dave.client().send("DELETE", path, dev.myelin.json.Json.writeBytes(
                passwordAuth(erin.userId(), "pw", dave.client().send("DELETE", path, null).json()
                        .string("session"))));
        var ownAuthOthersDevice = dave.client().send("DELETE", path, dev.myelin.json.Json.writeBytes(
                passwordAuth(name, "pw", dave.client().send("DELETE", path, null).json().string("session"))));

        assertThat(asErin.status()).isEqualTo(403);
        assertThat(ownAuthOthersDevice.status()).isEqualTo(200);
        assertThat(erin.client().get(V3 + "/account/whoami").status()).isEqualTo(200);
    }
}
