package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.AuthServiceConfig;
import dev.myelin.authservice.BindAddress;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LiveKit authorization service mounted at /livekit/jwt on the homeserver's own port. */
class MountedAuthServiceTest {
    private static final String TRANSPORTS = "/_matrix/client/unstable/org.matrix.msc4143/rtc/transports";

    @TempDir
    Path data;
    private Homeserver server;
    private TestClient client;

    @BeforeEach
    void start() {
        var auth = new AuthServiceConfig("ws://127.0.0.1:7880", "devkey",
                SecretBytes.copyOf("secret".getBytes(StandardCharsets.UTF_8)), List.of(),
                new BindAddress("127.0.0.1", 0), false, false, Duration.ZERO, Map.of());
        server = Homeserver.start(HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED)
                .mountAuthService(auth).build());
        client = new TestClient(server.baseUri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonObject tokenRequest(JsonObject openId, String userId) {
        return Json.parseObject("""
                {"room_id":"!room:test.myelin","slot_id":"m.call#ROOM",
                 "member":{"id":"member-1","claimed_user_id":"%s","claimed_device_id":"DEV"}}""".formatted(userId))
                .with("openid_token", openId);
    }

    @Test
    void localUsersOpenIdToken_isValidatedInProcessAndGetsALiveKitToken() {
        var alice = client.register("alice", "pw");
        JsonObject openId = alice.client().post("/_matrix/client/v3/user/" + alice.userId()
                + "/openid/request_token", JsonObject.EMPTY).json();

        var response = client.post("/livekit/jwt/get_token", tokenRequest(openId, alice.userId()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().string("url")).isEqualTo("ws://127.0.0.1:7880");
        String[] jwt = response.json().string("jwt").split("\\.");
        JsonObject claims = Json.parseObject(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.string("iss")).isEqualTo("devkey");
        assertThat(claims.object("video").bool("roomJoin")).isTrue();
    }

    @Test
    void unknownOpenIdToken_isRejectedWithoutReachingTheNetwork() {
        var alice = client.register("alice", "pw");
        JsonObject forged = JsonObject.builder().put("access_token", "forged").put("token_type", "Bearer")
                .put("matrix_server_name", "test.myelin").put("expires_in", 3600).build();

        var response = client.post("/livekit/jwt/get_token", tokenRequest(forged, alice.userId()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errcode()).isEqualTo("M_UNAUTHORIZED");
    }

    @Test
    void discovery_advertisesTheMountedServiceAndTheRestOfTheApiStillAnswers() {
        var alice = client.register("alice", "pw");

        var transport = alice.client().get(TRANSPORTS).json().array("rtc_transports").objects().getFirst();
        var health = client.get("/livekit/jwt/healthz");
        var versions = client.get("/_matrix/client/versions");

        assertThat(transport.string("livekit_service_url")).isEqualTo(server.baseUri() + "/livekit/jwt");
        assertThat(health.status()).isEqualTo(200);
        assertThat(versions.status()).isEqualTo(200);
    }

    private static final String MSC4195 = "/_matrix/client/unstable/io.element.msc4195/rtc/livekit/get_token";

    private static JsonObject msc4195Body(String url, String roomId, String deviceId) {
        return JsonObject.builder().put("url", url).put("room_id", roomId).put("slot_id", "m.call#ROOM")
                .put("member", JsonObject.builder().put("id", "member-1").put("claimed_device_id", deviceId).build())
                .build();
    }

    @Test
    void msc4195_joinedUserGetsATokenForItsOwnDeviceWithTheReferenceHashes() {
        var alice = client.register("alice", "pw");
        String room = alice.client().post("/_matrix/client/v3/createRoom", JsonObject.EMPTY).json().string("room_id");

        var response = alice.client().post(MSC4195, msc4195Body("ws://127.0.0.1:7880", room, alice.deviceId()));

        assertThat(response.status()).isEqualTo(200);
        JsonObject claims = Json.parseObject(Base64.getUrlDecoder().decode(response.json().string("jwt").split("\\.")[1]));
        assertThat(claims.string("sub")).isEqualTo(dev.myelin.protocol.rtc.LiveKitNames.hash(
                List.of(alice.userId(), alice.deviceId(), "member-1"),
                dev.myelin.protocol.rtc.LiveKitNames.JsonForm.GO_MARSHAL));
        assertThat(claims.object("video").string("room")).isEqualTo(dev.myelin.protocol.rtc.LiveKitNames.hash(
                List.of(room, "m.call#ROOM"), dev.myelin.protocol.rtc.LiveKitNames.JsonForm.GO_MARSHAL));
    }

    @Test
    void msc4195_refusesOtherSfusOtherDevicesNonMembersAndAnonymousCallers() {
        var alice = client.register("alice", "pw");
        var bob = client.register("bob", "pw");
        String room = alice.client().post("/_matrix/client/v3/createRoom", JsonObject.EMPTY).json().string("room_id");

        var otherSfu = alice.client().post(MSC4195, msc4195Body("wss://elsewhere", room, alice.deviceId()));
        var otherDevice = alice.client().post(MSC4195, msc4195Body("ws://127.0.0.1:7880", room, "NOTMINE"));
        var notJoined = bob.client().post(MSC4195, msc4195Body("ws://127.0.0.1:7880", room, bob.deviceId()));
        var anonymous = client.post(MSC4195, msc4195Body("ws://127.0.0.1:7880", room, "D"));
        var unknownField = alice.client().post(MSC4195, msc4195Body("ws://127.0.0.1:7880", room, alice.deviceId())
                .with("extra", JsonObject.EMPTY));

        assertThat(otherSfu.status()).isEqualTo(400);
        assertThat(otherSfu.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(otherDevice.status()).isEqualTo(403);
        assertThat(notJoined.status()).isEqualTo(403);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.errcode()).isEqualTo("M_BAD_JSON");
    }
}
