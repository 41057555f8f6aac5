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

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AliasTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private TestClient.LoggedIn alice;
    private TestClient.LoggedIn bob;

    AliasTest(TestClient anonymous) {
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

    @Test
    void createRoomWithAliasName_setsTheCanonicalAlias_andJoinByAliasWorks() {
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .put("room_alias_name", "standup").build()).json().string("room_id");

        var resolved = bob.client().get(V3 + "/directory/room/" + enc("#standup:test.myelin")).json();
        var joined = bob.client().post(V3 + "/join/" + enc("#standup:test.myelin"), JsonObject.EMPTY);
        var canonical = bob.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.canonical_alias/").json();
        var taken = alice.client().post(V3 + "/createRoom", JsonObject.builder().put("room_alias_name", "standup")
                .build());

        assertThat(resolved.string("room_id")).isEqualTo(roomId);
        assertThat(resolved.array("servers").strings()).containsExactly("test.myelin");
        assertThat(joined.json().string("room_id")).isEqualTo(roomId);
        assertThat(canonical.string("alias")).isEqualTo("#standup:test.myelin");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.errcode()).isEqualTo("M_ROOM_IN_USE");
    }

    @Test
    void directory_putGetDeleteByTheCreatorOnly() {
        String roomId = alice.client().post(V3 + "/createRoom", JsonObject.EMPTY).json().string("room_id");
        String path = V3 + "/directory/room/" + enc("#team:test.myelin");

        var put = alice.client().put(path, JsonObject.builder().put("room_id", roomId).build());
        var again = alice.client().put(path, JsonObject.builder().put("room_id", roomId).build());
        var list = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/aliases").json();
        var bobDeletes = bob.client().send("DELETE", path, null);
        var aliceDeletes = alice.client().send("DELETE", path, null);
        var gone = alice.client().get(path);

        assertThat(put.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(409);
        assertThat(list.array("aliases").strings()).containsExactly("#team:test.myelin");
        assertThat(bobDeletes.status()).isEqualTo(403);
        assertThat(aliceDeletes.status()).isEqualTo(200);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errcode()).isEqualTo("M_NOT_FOUND");
    }

    @Test
    void remoteAliases_areRefused() {
        var response = alice.client().get(V3 + "/directory/room/" + enc("#x:elsewhere.org"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_INVALID_PARAM");
    }
}
