package dev.myelin.client.e2ee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.keyshare.CallKeyContent;
import dev.myelin.crypto.keyshare.InboundCallKeys;
import dev.myelin.crypto.keyshare.MediaKey;
import dev.myelin.crypto.keyshare.ReceivedCallKey;
import dev.myelin.crypto.olm.DecryptedToDevice;
import dev.myelin.crypto.olm.OlmException;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.EventId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.MembershipReader;
import dev.myelin.protocol.rtc.MembershipReading.Joined;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Olm to-device key sharing between two SDK devices through a real homeserver. */
class E2eeDeviceTest {
    @TempDir
    Path data;
    private Homeserver homeserver;
    private Session alice;
    private Session bob;

    @BeforeEach
    void start() {
        homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("e2ee.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build());
        var client = MatrixClient.connect(homeserver.baseUri());
        alice = client.register("alice", "pw");
        bob = client.register("bob", "pw");
    }

    @AfterEach
    void stop() {
        homeserver.close();
    }

    private static E2eeDevice device(Session session, long seed) {
        var device = E2eeDevice.create(session, RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
        device.publishKeys();
        return device;
    }

    /** Syncs until a to-device event arrives; the sync token moves on so each call sees only new ones. */
    private static List<JsonObject> receiveToDevice(Session session, Optional<String>[] since) {
        for (int attempt = 0; attempt < 10; attempt++) {
            JsonObject sync = session.sync(since[0], Duration.ofSeconds(5), Optional.empty());
            since[0] = Optional.of(sync.string("next_batch"));
            var events = sync.optionalObject("to_device").map(t -> t.array("events").objects()).orElse(List.of());
            if (!events.isEmpty()) {
                return events;
            }
        }
        throw new AssertionError("no to-device event arrived");
    }

    @Test
    void callKey_encryptedForBobsDevice_isDecryptedCheckedAndInstalled() {
        E2eeDevice aliceDevice = device(alice, 1);
        E2eeDevice bobDevice = device(bob, 2);
        @SuppressWarnings("unchecked")
        Optional<String>[] bobSince = new Optional[] {Optional.empty()};
        bob.sync(Optional.empty(), Duration.ZERO, Optional.empty()).optionalString("next_batch")
                .ifPresent(token -> bobSince[0] = Optional.of(token));
        RoomId room = RoomId.parse("!call:e2ee.test");
        var key = new MediaKey(0, SecretBytes.copyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            16}));
        String memberId = alice.user() + ":" + alice.device();
        var content = new CallKeyContent(room, memberId, alice.device().value(), key, 1_000);

        var bobsDevices = aliceDevice.queryDevices(List.of(bob.user()));
        var unreachable = aliceDevice.sendEncrypted(CallKeyContent.TYPE, content.toJson(), bobsDevices);
        JsonObject event = receiveToDevice(bob, bobSince).getFirst();
        DecryptedToDevice decrypted = bobDevice.decrypt(event);

        assertThat(bobsDevices).singleElement().satisfies(d -> assertThat(d.deviceId()).isEqualTo(bob.device().value()));
        assertThat(unreachable).isEmpty();
        assertThat(event.string("type")).isEqualTo("m.room.encrypted");
        assertThat(decrypted.type()).isEqualTo(CallKeyContent.TYPE);
        assertThat(decrypted.sender()).isEqualTo(aliceDevice.identity());
        var received = new ReceivedCallKey(alice.user(), Optional.of(decrypted.sender().deviceId()),
                CallKeyContent.parse(decrypted.content(), alice.user()));
        var verdict = new InboundCallKeys(room, true, 60_000, 100).receive(received, List.of(aliceMembership(room)), 0);
        assertThat(verdict).isInstanceOfSatisfying(InboundCallKeys.Verdict.Install.class, install -> {
            assertThat(install.identity()).isEqualTo(alice.user() + ":" + alice.device());
            assertThat(install.key()).isEqualTo(key);
        });

        // A second key travels on the same Olm session, and Bob decrypts that too.
        aliceDevice.sendEncrypted(CallKeyContent.TYPE, new CallKeyContent(room, memberId, alice.device().value(),
                new MediaKey(1, SecretBytes.copyOf(new byte[16])), 2_000).toJson(), bobsDevices);
        assertThat(bobDevice.decrypt(receiveToDevice(bob, bobSince).getFirst()).content().object("keys")
                .integer("index")).isEqualTo(1);
    }

    @Test
    void eventForAnotherDevice_isRefused() {
        E2eeDevice aliceDevice = device(alice, 3);
        device(bob, 4);
        E2eeDevice mallory = E2eeDevice.create(bob, RandomGeneratorFactory.of("L64X128MixRandom").create(5));
        @SuppressWarnings("unchecked")
        Optional<String>[] bobSince = new Optional[] {Optional.empty()};
        bob.sync(Optional.empty(), Duration.ZERO, Optional.empty()).optionalString("next_batch")
                .ifPresent(token -> bobSince[0] = Optional.of(token));

        aliceDevice.sendEncrypted("org.example.secret", JsonObject.builder().put("x", 1).build(),
                aliceDevice.queryDevices(List.of(bob.user())));
        JsonObject event = receiveToDevice(bob, bobSince).getFirst();

        assertThatThrownBy(() -> mallory.decrypt(event)).isInstanceOf(OlmException.class);
    }

    private dev.myelin.protocol.rtc.RtcMembership aliceMembership(RoomId room) {
        var own = new MembershipContents.Own(alice.user(), alice.device(), alice.user() + ":" + alice.device(),
                SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk")), FocusSelection.OLDEST_MEMBERSHIP,
                Optional.empty());
        var event = ClientEvent.state(EventId.parse("$m"), MembershipReader.LEGACY_TYPE, "k", alice.user(), room, 1,
                MembershipContents.legacyJoin(own, 14_400_000, OptionalLong.empty()));
        return ((Joined) MembershipReader.read(event)).membership();
    }
}
