package dev.myelin.client.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.client.e2ee.E2eeDevice;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.LiveKitNames;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.Transport;
import dev.myelin.protocol.rtc.lifecycle.LifecycleConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real matrix-js-sdk 43 MatrixRTCSession (Rust crypto, in Node: interop/matrix-js-sdk/rtc-keys.mjs) and a Myelin
 * participant in one room on the Myelin homeserver, in either membership dialect: each sees the other and receives
 * the other's media key over Olm.
 */
class JsSdkCallInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PLAIN_ROOM = """
            {"preset":"public_chat"}""";
    private static final String ENCRYPTED_ROOM = """
            {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
             "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}""";

    @TempDir
    Path data;

    @Test
    void legacyDialectInEncryptedRoom_exchangesMediaKeysBothWays() throws Exception {
        exchangeKeys(MembershipRuntime.Dialect.LEGACY, true, false, false, CallParticipant.KeyMode.PER_SENDER);
    }

    /** js-sdk sends its sticky memberships Megolm-encrypted here, and reads only encrypted ones. */
    @Test
    void stickyDialectInEncryptedRoom_exchangesMediaKeysBothWays() throws Exception {
        exchangeKeys(MembershipRuntime.Dialect.STICKY, true, false, false, CallParticipant.KeyMode.PER_SENDER);
    }

    /**
     * Myelin is in the call before the js-sdk user and device even exist, so its Megolm-encrypted membership was sent
     * before them: Myelin hands the joiner that event's room key, or js-sdk could not read it (no historical key
     * sharing in Megolm).
     */
    @Test
    void stickyDialectInEncryptedRoom_jsSdkDeviceNewerThanMyelinsMembership_stillReadsItAndKeysFlowBothWays()
            throws Exception {
        exchangeKeys(MembershipRuntime.Dialect.STICKY, true, false, true, CallParticipant.KeyMode.PER_SENDER);
    }

    /**
     * In an unencrypted call room js-sdk's Rust crypto knows only the devices of users it shares some encrypted room
     * with ("encryptToDeviceMessages: unknown device" otherwise), so the two also share an encrypted room here, as
     * people who call each other usually do.
     */
    @Test
    void stickyDialectInUnencryptedRoomOfPeersSharingAnEncryptedRoom_exchangesMediaKeysBothWays() throws Exception {
        exchangeKeys(MembershipRuntime.Dialect.STICKY, false, true, false, CallParticipant.KeyMode.PER_SENDER);
    }

    /**
     * Myelin in epoch-key mode distributes epochs to nobody here (js-sdk does not advertise the capability), so it
     * sends js-sdk its derived key per sender, in js-sdk's format, and still installs js-sdk's own key.
     */
    @Test
    void stickyDialectInEncryptedRoom_myelinInEpochMode_jsSdkStillGetsAPerSenderKeyAndSendsOne() throws Exception {
        exchangeKeys(MembershipRuntime.Dialect.STICKY, true, false, false, CallParticipant.KeyMode.EPOCH);
    }

    private void exchangeKeys(MembershipRuntime.Dialect dialect, boolean encrypted, boolean sharedEncryptedRoom,
            boolean myelinFirst, CallParticipant.KeyMode keyMode) throws Exception {
        boolean sticky = dialect == MembershipRuntime.Dialect.STICKY;
        JsSdkPeer.folder();
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("interop.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build())) {
            Session myelin = MatrixClient.connect(homeserver.baseUri()).register("myelin", "pw");
            var device = E2eeDevice.create(myelin, new SecureRandom());
            device.publishKeys();
            RoomId room = myelin.createRoom(Json.parseObject(encrypted ? ENCRYPTED_ROOM : PLAIN_ROOM));
            var args = new ArrayList<>(List.of(homeserver.baseUri().toString(), room.value(),
                    Long.toString(WAIT.toSeconds() * 2), sticky ? "sticky" : "legacy"));
            if (sharedEncryptedRoom) {
                args.add(myelin.createRoom(Json.parseObject(ENCRYPTED_ROOM)).value());
            }
            BlockingQueue<CallEvent> myelinEvents = new LinkedBlockingQueue<>();
            List<CallEvent> myelinSeen = new ArrayList<>();
            String memberId = sticky ? UUID.randomUUID().toString() : myelin.user() + ":" + myelin.device();
            var own = new MembershipContents.Own(myelin.user(), myelin.device(), memberId,
                    SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk.example/livekit/jwt")),
                    sticky ? FocusSelection.MULTI_SFU : FocusSelection.OLDEST_MEMBERSHIP, Optional.empty());
            try (var call = new CallParticipant(myelin, device, room, own, dialect,
                    LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(), keyMode,
                    InstantSource.system(), myelinEvents::add)) {
                if (myelinFirst) {
                    call.start();
                    awaitEvent(myelinEvents, myelinSeen, e -> e instanceof CallEvent.MemberJoined j
                            && j.userId().equals(myelin.user().toString()), Optional.empty());
                }
                try (var js = JsSdkPeer.start(args, WAIT)) {
                    JsonObject jsJoined = js.await(s -> s.string("step").equals("joined"));
                    String jsUser = jsJoined.string("user");
                    String jsDevice = jsJoined.string("device");
                    if (!myelinFirst) {
                        call.start();
                    }

                    js.await(s -> s.string("step").equals("members") && s.array("members").objects()
                            .stream().anyMatch(m -> m.string("user").equals(myelin.user().toString())));
                    JsonObject jsGotKey = js.await(s -> s.string("step").equals("key_received")
                            && s.string("user").equals(myelin.user().toString()));
                    var jsMember = (CallEvent.MemberJoined) awaitEvent(myelinEvents, myelinSeen,
                            e -> e instanceof CallEvent.MemberJoined j && j.userId().equals(jsUser), Optional.of(js));
                    var myelinGotKey = (CallEvent.KeyReceived) awaitEvent(myelinEvents, myelinSeen,
                            e -> e instanceof CallEvent.KeyReceived k && k.userId().equals(jsUser), Optional.of(js));

                    assertThat(jsMember.deviceId()).isEqualTo(jsDevice);
                    assertThat(jsMember.memberId()).isEqualTo(jsJoined.string("memberId"));
                    assertThat(jsGotKey.string("device")).isEqualTo(myelin.device().value());
                    assertThat(jsGotKey.integer("length")).isEqualTo(16);
                    assertThat(jsGotKey.string("identity")).isEqualTo(sticky
                            ? LiveKitNames.hash(List.of(myelin.user().toString(), myelin.device().value(), memberId),
                                    LiveKitNames.JsonForm.JS_STRINGIFY)
                            : myelin.user() + ":" + myelin.device());
                    assertThat(myelinGotKey.deviceId()).isEqualTo(jsDevice);
                    call.leave(Duration.ofSeconds(10));
                }
                if (sticky && encrypted) {
                    List<JsonObject> timeline = myelin.get("/_matrix/client/v3/rooms/" + room.value() + "/messages",
                            Map.of("dir", "b", "limit", "100")).array("chunk").objects();
                    assertThat(timeline).as("Myelin's sticky join went out Megolm-encrypted")
                            .filteredOn(e -> e.string("sender").equals(myelin.user().toString()))
                            .extracting(e -> e.string("type")).contains("m.room.encrypted");
                }
            }
        }
    }

    private static CallEvent awaitEvent(BlockingQueue<CallEvent> events, List<CallEvent> seen,
            Predicate<CallEvent> wanted, Optional<JsSdkPeer> js) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<CallEvent> match = seen.stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            long left = deadline - System.nanoTime();
            CallEvent event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("no matching Myelin event within " + WAIT + "; saw " + seen
                        + (js.isPresent() ? "; js-sdk log tail:\n" + js.get().logTail() : ""));
            }
            seen.add(event);
        }
    }
}
