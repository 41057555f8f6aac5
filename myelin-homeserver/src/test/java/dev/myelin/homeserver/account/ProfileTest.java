package dev.myelin.homeserver.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private int users;

    ProfileTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private TestClient.LoggedIn newUser() {
        return anonymous.register("prof" + ++users, "pw");
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    @Test
    void newUser_showsTheLocalpartAsDisplayName_andJoinEventsCarryIt() {
        var alice = newUser();
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.EMPTY).json().string("room_id");

        var profile = alice.client().get(V3 + "/profile/" + enc(alice.userId())).json();
        var member = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.member/"
                + enc(alice.userId())).json();

        assertThat(profile.string("displayname")).isEqualTo(alice.userId().substring(1, alice.userId().indexOf(':')));
        assertThat(member.string("displayname")).isEqualTo(profile.string("displayname"));
        assertThat(member.string("membership")).isEqualTo("join");
    }

    @Test
    void settingTheDisplayName_updatesTheProfileAndEveryJoinedRoom() {
        var alice = newUser();
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.EMPTY).json().string("room_id");

        var put = alice.client().put(V3 + "/profile/" + enc(alice.userId()) + "/displayname",
                JsonObject.builder().put("displayname", "Alice Liddell").build());
        alice.client().put(V3 + "/profile/" + enc(alice.userId()) + "/avatar_url",
                JsonObject.builder().put("avatar_url", "mxc://test.myelin/abc").build());

        assertThat(put.status()).isEqualTo(200);
        assertThat(alice.client().get(V3 + "/profile/" + enc(alice.userId()) + "/displayname").json()
                .string("displayname")).isEqualTo("Alice Liddell");
        var member = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.member/"
                + enc(alice.userId())).json();
        assertThat(member.string("displayname")).isEqualTo("Alice Liddell");
        assertThat(member.string("avatar_url")).isEqualTo("mxc://test.myelin/abc");
    }

    @Test
    void unknownUserOrSomeoneElsesProfile_isNotFoundOrForbidden() {
        var alice = newUser();
        var bob = newUser();

        var unknown = alice.client().get(V3 + "/profile/" + enc("@ghost:test.myelin"));
        var other = alice.client().put(V3 + "/profile/" + enc(bob.userId()) + "/displayname",
                JsonObject.builder().put("displayname", "x").build());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(other.status()).isEqualTo(403);
    }
}
