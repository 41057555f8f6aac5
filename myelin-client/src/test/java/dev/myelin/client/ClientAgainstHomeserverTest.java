package dev.myelin.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.rtc.MembershipRuntime;
import dev.myelin.client.sync.SyncLoop;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.MembershipReader;
import dev.myelin.protocol.rtc.SessionMembers;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.Transport;
import dev.myelin.protocol.rtc.lifecycle.LifecycleAction;
import dev.myelin.protocol.rtc.lifecycle.LifecycleConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK against a real Myelin homeserver on loopback. */
class ClientAgainstHomeserverTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;
    private Homeserver homeserver;
    private MatrixClient client;
    private final BlockingQueue<JsonObject> bobSyncs = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("client.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build());
        client = MatrixClient.connect(homeserver.baseUri());
    }

    @AfterEach
    void stop() {
        homeserver.close();
    }

    /** Waits for a sync response of Bob's that has an event in {@code room} matching {@code wanted}. */
    private ClientEvent awaitEvent(RoomId room, Predicate<ClientEvent> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject sync = bobSyncs.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (sync == null) {
                break;
            }
            var joined = sync.optionalObject("rooms").flatMap(r -> r.optionalObject("join"))
                    .flatMap(j -> j.optionalObject(room.value()));
            if (joined.isEmpty()) {
                continue;
            }
            for (JsonObject json : joined.get().optionalObject("timeline").map(t -> t.array("events").objects())
                    .orElse(List.of())) {
                ClientEvent event = ClientEvent.fromJson(json, Optional.of(room));
                if (wanted.test(event)) {
                    return event;
                }
            }
        }
        throw new AssertionError("no matching event within " + WAIT);
    }

    @Test
    void registeredUsers_exchangeRoomEventsAndToDeviceMessagesThroughTheSyncLoop() throws Exception {
        Session alice = client.register("alice", "pw");
        Session bob = client.register("bob", "pw");
        RoomId room = alice.createRoom(JsonObject.builder().put("preset", "public_chat").build());
        bob.join(room.value());

        try (var loop = SyncLoop.start(bob, Optional.empty(), Duration.ofSeconds(5), Optional.empty(),
                bobSyncs::add)) {
            alice.sendEvent(room, "m.room.message", JsonObject.builder().put("msgtype", "m.text")
                    .put("body", "hello").build());
            ClientEvent message = awaitEvent(room, event -> event.type().equals("m.room.message"));
            assertThat(message.sender()).isEqualTo(alice.user());
            assertThat(message.content().string("body")).isEqualTo("hello");

            alice.sendToDevice("org.example.ping", Map.of(bob.user(),
                    Map.of(bob.device().value(), JsonObject.builder().put("n", 1).build())));
            JsonObject toDevice = awaitToDevice();
            assertThat(toDevice.string("type")).isEqualTo("org.example.ping");
            assertThat(toDevice.string("sender")).isEqualTo(alice.user().toString());
        }
    }

    private JsonObject awaitToDevice() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject sync = bobSyncs.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (sync == null) {
                break;
            }
            var events = sync.optionalObject("to_device").map(t -> t.array("events").objects()).orElse(List.of());
            if (!events.isEmpty()) {
                return events.getFirst();
            }
        }
        throw new AssertionError("no to-device message within " + WAIT);
    }

    @Test
    void membershipRuntime_joinsTheCallAndLeavesItVisiblyToOthers() throws Exception {
        Session alice = client.register("alice", "pw");
        Session bob = client.register("bob", "pw");
        RoomId room = alice.createRoom(JsonObject.builder().put("preset", "public_chat")
                .put("room_version", "10").build());
        bob.join(room.value());
        var own = new MembershipContents.Own(alice.user(), alice.device(), alice.user() + ":" + alice.device(),
                SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk.example/livekit/jwt")),
                FocusSelection.OLDEST_MEMBERSHIP, Optional.of("video"));
        BlockingQueue<LifecycleAction> reports = new LinkedBlockingQueue<>();
        // This homeserver does not advertise delayed events yet, so the lifecycle sends plain events.
        var config = LifecycleConfig.jsSdkDefaults().withDelayedEvents(false);

        try (var loop = SyncLoop.start(bob, Optional.empty(), Duration.ofSeconds(5), Optional.empty(), bobSyncs::add);
                var runtime = new MembershipRuntime(alice, room, own, MembershipRuntime.Dialect.LEGACY, "10", config,
                        InstantSource.system(), reports::add)) {
            runtime.join();
            assertThat(reports.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new LifecycleAction.Joined());
            ClientEvent joined = awaitEvent(room, event -> event.type().equals(MembershipReader.LEGACY_TYPE)
                    && event.content().size() > 0);
            var members = SessionMembers.compute(SlotId.ROOM_CALL, List.of(), List.of(joined), false, user -> true,
                    System.currentTimeMillis());
            assertThat(members).singleElement().satisfies(member -> {
                assertThat(member.sender()).isEqualTo(alice.user());
                assertThat(member.deviceId()).isEqualTo(alice.device().value());
                assertThat(member.callIntent()).contains("video");
            });

            assertThat(runtime.leave(WAIT)).isTrue();
            ClientEvent left = awaitEvent(room, event -> event.type().equals(MembershipReader.LEGACY_TYPE)
                    && event.content().size() == 0);
            assertThat(left.stateKey()).isEqualTo(joined.stateKey());
        }
    }

    @Test
    void wrongPassword_isAMatrixErrorWithTheServersErrcode() {
        client.register("carol", "right");

        var error = org.junit.jupiter.api.Assertions.assertThrows(dev.myelin.protocol.error.MatrixException.class,
                () -> client.login("carol", "wrong", Optional.empty()));

        assertThat(error.status()).isEqualTo(403);
        assertThat(error.errcode().value()).isEqualTo("M_FORBIDDEN");
        assertThat(client.login("carol", "right", Optional.empty()).user().localpart()).isEqualTo("carol");
    }
}
