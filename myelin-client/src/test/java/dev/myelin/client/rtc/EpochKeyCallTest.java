package dev.myelin.client.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.client.e2ee.E2eeDevice;
import dev.myelin.crypto.keyshare.EpochId;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.crypto.keyshare.MediaKey;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.Json;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.LegacyStateKey;
import dev.myelin.protocol.rtc.LiveKitNames;
import dev.myelin.protocol.rtc.MembershipReader;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.Transport;
import dev.myelin.protocol.rtc.lifecycle.LifecycleConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three Myelin participants in epoch-key mode on a real homeserver: one distributor, keys derived per sender. */
class EpochKeyCallTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;
    private Homeserver homeserver;
    private MatrixClient client;

    @BeforeEach
    void start() {
        homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("epoch.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000)
                .authRateLimits(AuthRateLimits.RELAXED).build());
        client = MatrixClient.connect(homeserver.baseUri());
    }

    @AfterEach
    void stop() {
        homeserver.close();
    }

    /** One member of the call under test. */
    private record Member(String identity, CallParticipant call, BlockingQueue<CallEvent> events) {
    }

    private static Member member(Session session, RoomId room, MembershipRuntime.Dialect dialect) {
        var device = E2eeDevice.create(session, new SecureRandom());
        device.publishKeys();
        boolean sticky = dialect == MembershipRuntime.Dialect.STICKY;
        String memberId = sticky ? UUID.randomUUID().toString() : session.user() + ":" + session.device();
        String identity = sticky ? LiveKitNames.hash(List.of(session.user().toString(), session.device().value(),
                memberId), LiveKitNames.JsonForm.JS_STRINGIFY) : session.user() + ":" + session.device().value();
        var own = new MembershipContents.Own(session.user(), session.device(), memberId,
                SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk.example/livekit/jwt")),
                FocusSelection.OLDEST_MEMBERSHIP, Optional.of("audio"));
        BlockingQueue<CallEvent> events = new LinkedBlockingQueue<>();
        var call = new CallParticipant(session, device, room, own, dialect,
                LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(),
                CallParticipant.KeyMode.EPOCH, InstantSource.system(), events::add);
        return new Member(identity, call, events);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50); // polling a condition, not ordering: the deadline bounds it
        }
    }

    /** Whether every member uses one epoch and every other member derived exactly each sender's own key of it. */
    private static Optional<EpochId> agreedEpoch(List<Member> members) {
        Optional<EpochId> epoch = members.getFirst().call().epochInUse();
        if (epoch.isEmpty() || members.stream().anyMatch(m -> !m.call().epochInUse().equals(epoch))) {
            return Optional.empty();
        }
        int index = epoch.get().ringIndex();
        for (Member sender : members) {
            Optional<MediaKey> own = sender.call().ownEpochKey(index);
            if (own.isEmpty()) {
                return Optional.empty();
            }
            for (Member receiver : members) {
                if (receiver == sender) {
                    continue;
                }
                Optional<MediaKey> derived = receiver.call().derivedKey(sender.identity(), index);
                if (derived.isEmpty() || !derived.get().key().equalsConstantTime(own.get().key())) {
                    return Optional.empty();
                }
            }
        }
        return epoch;
    }

    @Test
    void threeLegacyEpochMembers_deriveTheSameKeyPerSender_andRotateToAnEpochTheLeaverNeverGets() throws Exception {
        threeMembersAndALeave(MembershipRuntime.Dialect.LEGACY, false);
    }

    @Test
    void threeStickyEpochMembersInEncryptedRoom_deriveTheSameKeyPerSender_andRotateToAnEpochTheLeaverNeverGets()
            throws Exception {
        threeMembersAndALeave(MembershipRuntime.Dialect.STICKY, true);
    }

    private void threeMembersAndALeave(MembershipRuntime.Dialect dialect, boolean encrypted) throws Exception {
        Session alice = client.register("alice", "pw");
        Session bob = client.register("bob", "pw");
        Session carol = client.register("carol", "pw");
        RoomId room = alice.createRoom(Json.parseObject(encrypted ? """
                {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                 "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}""" : """
                {"preset":"public_chat"}"""));
        bob.join(room.value());
        carol.join(room.value());
        var all = new ArrayList<Member>();
        try {
            for (Session session : List.of(alice, bob, carol)) {
                Member member = member(session, room, dialect);
                all.add(member);
                member.call().start();
            }
            try {
                awaitTrue("all three use one epoch with matching derived keys", () -> agreedEpoch(all).isPresent());
            } catch (AssertionError e) {
                var views = new StringBuilder(e.getMessage());
                for (Member m : all) {
                    views.append("\n").append(m.identity()).append(" in use ").append(m.call().epochInUse())
                            .append(", installed ").append(m.call().installedEpochs());
                }
                throw new AssertionError(views.toString(), e);
            }
            EpochId first = agreedEpoch(all).orElseThrow();
            Member leaver = all.get(2);
            List<Member> stayers = List.of(all.get(0), all.get(1));
            if (dialect == MembershipRuntime.Dialect.LEGACY) {
                String advertised = alice.get("/_matrix/client/v3/rooms/" + room.value() + "/state/"
                        + MembershipReader.LEGACY_TYPE + "/"
                        + LegacyStateKey.of(carol.user(), carol.device(), SlotId.ROOM_CALL, "10"),
                        java.util.Map.of()).toString();
                assertThat(advertised).contains("\"dev.myelin.call.epoch_key\":{\"versions\":[1]}");
            }

            leaver.call().leave(WAIT);
            awaitTrue("the two left switch to a newer epoch", () -> agreedEpoch(stayers)
                    .filter(epoch -> epoch.counter() > first.counter()).isPresent());
            EpochId second = agreedEpoch(stayers).orElseThrow();

            assertThat(second.counter()).isGreaterThan(first.counter());
            var leaverIndexes = new ArrayList<Integer>();
            leaver.events().forEach(event -> {
                if (event instanceof CallEvent.KeyReceived received) {
                    leaverIndexes.add(received.index());
                }
            });
            assertThat(leaverIndexes).contains(first.ringIndex()).doesNotContain(second.ringIndex());
            for (Member stayer : stayers) {
                assertThat(stayer.events()).anySatisfy(event -> assertThat(event).isInstanceOfSatisfying(
                        CallEvent.KeyReceived.class, received -> assertThat(received.index())
                                .isEqualTo(second.ringIndex())));
            }
        } finally {
            for (Member member : all) {
                member.call().close();
            }
        }
    }
}
