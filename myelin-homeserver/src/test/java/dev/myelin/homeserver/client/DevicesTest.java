package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
class DevicesTest {
    private final TestClient anonymous;

    DevicesTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    @Test
    void devices_areListedReadAndRenamed_onlyForTheirOwner() {
        var alice = anonymous.register("alice", "pw");
        var bob = anonymous.register("bob", "pw");
        String path = "/_matrix/client/v3/devices/" + alice.deviceId();

        var rename = alice.client().put(path, JsonObject.builder().put("display_name", "Laptop").build());
        var list = alice.client().get("/_matrix/client/v3/devices").json().array("devices").objects();
        var one = alice.client().get(path).json();
        var othersDevice = bob.client().get(path);

        assertThat(rename.status()).isEqualTo(200);
        assertThat(list).extracting(d -> d.string("device_id")).containsExactly(alice.deviceId());
        assertThat(one.string("display_name")).isEqualTo("Laptop");
        assertThat(othersDevice.status()).isEqualTo(404);
    }
}
