package dev.myelin.homeserver.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private int users;

    KeysTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private TestClient.LoggedIn newUser() {
        return anonymous.register("keys" + ++users, "pw");
    }

    private static JsonObject deviceKeys(TestClient.LoggedIn user, String curve) {
        return JsonObject.builder()
                .put("user_id", user.userId()).put("device_id", user.deviceId())
                .put("algorithms", JsonValue.ofStrings(List.of("m.olm.v1.curve25519-aes-sha2")))
                .put("keys", JsonObject.builder().put("curve25519:" + user.deviceId(), curve)
                        .put("ed25519:" + user.deviceId(), "ed-" + curve).build())
                .put("signatures", JsonObject.builder().put(user.userId(), JsonObject.builder()
                        .put("ed25519:" + user.deviceId(), "sig").build()).build())
                .build();
    }

    private static JsonObject otk(String key) {
        return JsonObject.builder().put("key", key).put("signatures", JsonObject.EMPTY).build();
    }

    private static JsonObject upload(TestClient.LoggedIn user, JsonObject body) {
        var response = user.client().post(V3 + "/keys/upload", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static JsonObject uploadAll(TestClient.LoggedIn user) {
        return upload(user, JsonObject.builder()
                .put("device_keys", deviceKeys(user, "curve-A"))
                .put("one_time_keys", JsonObject.builder().put("signed_curve25519:AAAA", otk("otk-1"))
                        .put("signed_curve25519:AAAB", otk("otk-2")).build())
                .put("fallback_keys", JsonObject.builder().put("signed_curve25519:FFFF",
                        otk("fallback").with("fallback", JsonValue.of(true))).build())
                .build());
    }

    private static JsonObject claim(TestClient.LoggedIn by, TestClient.LoggedIn of) {
        return by.client().post(V3 + "/keys/claim", JsonObject.builder().put("one_time_keys", JsonObject.builder()
                .put(of.userId(), JsonObject.builder().put(of.deviceId(), "signed_curve25519").build()).build())
                .put("timeout", 10000).build()).json().object("one_time_keys");
    }

    private static JsonObject sync(TestClient.LoggedIn user, String since) {
        return user.client().get(V3 + "/sync?timeout=0" + (since == null ? "" : "&since=" + since)).json();
    }

    @Test
    void upload_returnsTheOneTimeKeyCount_andSyncReportsCountsAndFallback() {
        var alice = newUser();

        JsonObject response = uploadAll(alice);
        JsonObject synced = sync(alice, null);

        assertThat(response.object("one_time_key_counts").integer("signed_curve25519")).isEqualTo(2);
        assertThat(synced.object("device_one_time_keys_count").integer("signed_curve25519")).isEqualTo(2);
        assertThat(synced.array("device_unused_fallback_key_types").strings()).containsExactly("signed_curve25519");
    }

    @Test
    void emptyUpload_stillReportsAZeroCount() {
        var alice = newUser();

        assertThat(upload(alice, JsonObject.EMPTY).object("one_time_key_counts").integer("signed_curve25519"))
                .isZero();
    }

    @Test
    void query_returnsTheDeviceKeysAsUploadedWithTheDisplayName() {
        var alice = newUser();
        var bob = newUser();
        uploadAll(alice);

        JsonObject result = bob.client().post(V3 + "/keys/query", JsonObject.builder().put("device_keys",
                JsonObject.builder().put(alice.userId(), JsonValue.ofStrings(List.of())).build()).build()).json();

        JsonObject device = result.object("device_keys").object(alice.userId()).object(alice.deviceId());
        assertThat(device.without("unsigned")).isEqualTo(deviceKeys(alice, "curve-A"));
        assertThat(result.object("failures").size()).isZero();
        assertThat(result.has("master_keys")).isTrue();
    }

    @Test
    void claim_handsOutEachOneTimeKeyOnceThenTheFallbackRepeatedly() {
        var alice = newUser();
        var bob = newUser();
        uploadAll(alice);

        var first = claim(bob, alice).object(alice.userId()).object(alice.deviceId());
        var second = claim(bob, alice).object(alice.userId()).object(alice.deviceId());
        var third = claim(bob, alice).object(alice.userId()).object(alice.deviceId());
        var fourth = claim(bob, alice).object(alice.userId()).object(alice.deviceId());
        JsonObject synced = sync(alice, null);

        assertThat(first.members().keySet()).containsExactly("signed_curve25519:AAAA");
        assertThat(second.members().keySet()).containsExactly("signed_curve25519:AAAB");
        assertThat(third.members().keySet()).containsExactly("signed_curve25519:FFFF");
        assertThat(fourth).isEqualTo(third);
        assertThat(synced.object("device_one_time_keys_count").integer("signed_curve25519")).isZero();
        assertThat(synced.array("device_unused_fallback_key_types").strings()).isEmpty();
    }

    @Test
    void deviceKeysForAnotherDevice_areRefused() {
        var alice = newUser();
        var bob = newUser();

        var response = alice.client().post(V3 + "/keys/upload",
                JsonObject.builder().put("device_keys", deviceKeys(bob, "x")).build());

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void deviceListChanges_reachUsersSharingARoom_andNewRoomMates() {
        var alice = newUser();
        var bob = newUser();
        var stranger = newUser();
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .build()).json().string("room_id");
        String bobSince = sync(bob, null).string("next_batch");
        bob.client().post(V3 + "/join/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8), JsonObject.EMPTY);

        JsonObject afterJoin = sync(bob, bobSince);
        String strangerSince = sync(stranger, null).string("next_batch");
        upload(alice, JsonObject.builder().put("device_keys", deviceKeys(alice, "curve-B")).build());
        JsonObject afterUpload = sync(bob, afterJoin.string("next_batch"));
        JsonObject strangerView = sync(stranger, strangerSince);

        var keyChanges = bob.client().get(V3 + "/keys/changes?from=" + afterJoin.string("next_batch") + "&to="
                + afterUpload.string("next_batch")).json();
        assertThat(keyChanges.array("changed").strings()).contains(alice.userId());
        assertThat(afterJoin.object("device_lists").array("changed").strings()).contains(alice.userId());
        assertThat(afterUpload.object("device_lists").array("changed").strings()).contains(alice.userId());
        assertThat(strangerView.object("device_lists").array("changed").strings()).doesNotContain(alice.userId());
    }
}
