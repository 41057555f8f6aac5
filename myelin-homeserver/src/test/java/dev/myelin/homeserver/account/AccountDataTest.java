package dev.myelin.homeserver.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountDataTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private int users;

    AccountDataTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private TestClient.LoggedIn newUser() {
        return anonymous.register("data" + ++users, "pw");
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    @Test
    void globalAccountData_roundTripsAndReachesOtherDevicesThroughSync() throws Exception {
        var alice = newUser();
        var otherDevice = anonymous.loggedIn(anonymous.post(V3 + "/login", JsonObject.builder()
                .put("type", "m.login.password").put("user", alice.userId()).put("password", "pw").build()).json());
        String since = otherDevice.client().get(V3 + "/sync?timeout=0").json().string("next_batch");
        JsonObject direct = JsonObject.builder().put("@bob:test.myelin", dev.myelin.json.JsonValue.ofStrings(
                java.util.List.of("!dm:test.myelin"))).build();

        var polling = CompletableFuture.supplyAsync(() ->
                otherDevice.client().get(V3 + "/sync?timeout=30000&since=" + since).json());
        var put = alice.client().put(V3 + "/user/" + enc(alice.userId()) + "/account_data/m.direct", direct);
        var get = alice.client().get(V3 + "/user/" + enc(alice.userId()) + "/account_data/m.direct");
        JsonObject synced = polling.get(20, TimeUnit.SECONDS);

        assertThat(put.status()).isEqualTo(200);
        assertThat(get.json()).isEqualTo(direct);
        var events = synced.object("account_data").array("events").objects();
        assertThat(events).extracting(e -> e.string("type")).containsExactly("m.direct");
        assertThat(events.getFirst().object("content")).isEqualTo(direct);
        JsonObject later = otherDevice.client().get(V3 + "/sync?timeout=0&since=" + synced.string("next_batch"))
                .json();
        assertThat(later.object("account_data").array("events").objects()).isEmpty();
    }

    @Test
    void roomAccountData_appearsInThatJoinedRoomsSection() {
        var alice = newUser();
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.EMPTY).json().string("room_id");
        String since = alice.client().get(V3 + "/sync?timeout=0").json().string("next_batch");

        alice.client().put(V3 + "/user/" + enc(alice.userId()) + "/rooms/" + enc(roomId) + "/account_data/m.tag",
                JsonObject.builder().put("tags", JsonObject.EMPTY).build());
        JsonObject synced = alice.client().get(V3 + "/sync?timeout=0&since=" + since).json();

        var events = synced.object("rooms").object("join").object(roomId).object("account_data").array("events")
                .objects();
        assertThat(events).extracting(e -> e.string("type")).containsExactly("m.tag");
        assertThat(synced.object("account_data").array("events").objects()).isEmpty();
    }

    @Test
    void missingOrOtherUsersAccountData_isNotFoundOrForbidden() {
        var alice = newUser();
        var bob = newUser();

        var missing = alice.client().get(V3 + "/user/" + enc(alice.userId()) + "/account_data/m.nothing");
        var other = alice.client().put(V3 + "/user/" + enc(bob.userId()) + "/account_data/m.direct", JsonObject.EMPTY);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(other.status()).isEqualTo(403);
    }
}
