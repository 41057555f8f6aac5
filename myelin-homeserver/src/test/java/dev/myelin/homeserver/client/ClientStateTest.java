package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientStateTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private TestClient.LoggedIn alice;

    ClientStateTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    @BeforeAll
    void users() {
        alice = anonymous.register("alice", "pw");
        anonymous.register("bob", "pw");
    }

    @Test
    void filter_isStoredUnderANumberedIdAndReadBack() {
        JsonObject filter = JsonObject.builder().put("room", JsonObject.builder().put("timeline",
                JsonObject.builder().put("limit", 20).build()).build()).build();

        var created = alice.client().post(V3 + "/user/%40alice%3Atest.myelin/filter", filter);
        var second = alice.client().post(V3 + "/user/%40alice%3Atest.myelin/filter", filter);
        String id = created.json().string("filter_id");
        var read = alice.client().get(V3 + "/user/%40alice%3Atest.myelin/filter/" + id);

        assertThat(created.status()).isEqualTo(200);
        assertThat(Long.parseLong(second.json().string("filter_id"))).isEqualTo(Long.parseLong(id) + 1);
        assertThat(read.json()).isEqualTo(filter);
    }

    @Test
    void unknownFilterOrAnotherUsersFilters_areNotFoundOrForbidden() {
        var unknown = alice.client().get(V3 + "/user/%40alice%3Atest.myelin/filter/999");
        var notANumber = alice.client().get(V3 + "/user/%40alice%3Atest.myelin/filter/abc");
        var other = alice.client().post(V3 + "/user/%40bob%3Atest.myelin/filter", JsonObject.EMPTY);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(notANumber.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(other.status()).isEqualTo(403);
    }

    @Test
    void pushRules_answerTheGlobalSet_withAndWithoutTrailingSlash() {
        var slash = alice.client().get(V3 + "/pushrules/");
        var bare = alice.client().get(V3 + "/pushrules");

        assertThat(slash.status()).isEqualTo(200);
        assertThat(slash.json().object("global").members()).containsKey("override");
        assertThat(bare.status()).isEqualTo(200);
        assertThat(bare.json()).isEqualTo(slash.json());
    }

    @Test
    void roomKeysVersion_isNotFoundMeaningNoBackup() {
        var response = alice.client().get(V3 + "/room_keys/version");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errcode()).isEqualTo("M_NOT_FOUND");
    }
}
