package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.e2ee.E2eeDevice;
import dev.myelin.client.rtc.CallEvent;
import dev.myelin.client.rtc.CallParticipant;
import dev.myelin.client.rtc.MembershipRuntime;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.Transport;
import dev.myelin.protocol.rtc.lifecycle.LifecycleConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./myelin join against a real homeserver, with another Myelin participant in the call. */
class JoinCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    /** Collects printed lines as parsed JSON objects. */
    private static PrintStream linesInto(BlockingQueue<JsonObject> lines) {
        var buffer = new StringBuilder();
        return new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    lines.add(Json.parseObject(buffer.toString()));
                    buffer.setLength(0);
                } else {
                    buffer.append((char) b);
                }
            }
        }, true, StandardCharsets.US_ASCII);
    }

    private final List<JsonObject> seen = new java.util.ArrayList<>();

    /** The first line, seen before or arriving within the wait, that matches: lines come in any order. */
    private JsonObject await(BlockingQueue<JsonObject> lines, Predicate<JsonObject> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<JsonObject> match = seen.stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            long left = deadline - System.nanoTime();
            JsonObject line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no matching output line within " + WAIT + "; saw " + seen);
            }
            seen.add(line);
        }
    }

    @Test
    void join_printsReadyTheOtherMemberItsKeyOursSentAndLeftOnStop() throws Exception {
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("join.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build())) {
            var client = MatrixClient.connect(homeserver.baseUri());
            var alice = client.register("alice", "pw");
            client.register("bob", "secret");
            RoomId room = alice.createRoom(JsonObject.builder().put("preset", "public_chat").build());
            BlockingQueue<JsonObject> lines = new LinkedBlockingQueue<>();
            var join = new JoinCommand();
            join.homeserver = homeserver.baseUri();
            join.user = "bob";
            join.password = "secret";
            join.room = room.value();
            join.slot = "m.call#ROOM";
            join.dialect = MembershipRuntime.Dialect.LEGACY;
            join.out = linesInto(lines);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return join.call();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            JsonObject ready = await(lines, line -> line.string("event").equals("ready"));
            var device = E2eeDevice.create(alice, new SecureRandom());
            device.publishKeys();
            var own = new MembershipContents.Own(alice.user(), alice.device(), alice.user() + ":" + alice.device(),
                    SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk")), FocusSelection.OLDEST_MEMBERSHIP,
                    Optional.empty());
            BlockingQueue<CallEvent> aliceEvents = new LinkedBlockingQueue<>();
            try (var aliceCall = new CallParticipant(alice, device, room, own, MembershipRuntime.Dialect.LEGACY,
                    LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(),
                    InstantSource.system(), aliceEvents::add)) {
                aliceCall.start();

                JsonObject joined = await(lines, line -> line.string("event").equals("member_joined")
                        && line.string("user_id").equals(alice.user().toString()));
                JsonObject key = await(lines, line -> line.string("event").equals("key_received"));
                await(lines, line -> line.string("event").equals("key_sent") && line.integer("recipients") >= 1);
                join.stop.countDown();
                JsonObject left = await(lines, line -> line.string("event").equals("left"));

                assertThat(ready.string("user_id")).isEqualTo("@bob:join.test");
                assertThat(ready.string("room_id")).isEqualTo(room.value());
                assertThat(joined.string("device_id")).isEqualTo(alice.device().value());
                assertThat(key.string("user_id")).isEqualTo(alice.user().toString());
                assertThat(left.string("reason")).isEqualTo("left");
                assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
            }
        }
    }

    @Test
    void joinWithEpochKeys_printsTheKeyDerivedForAnEpochMemberAtTheIndexItDerivedToo() throws Exception {
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("join.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build())) {
            var client = MatrixClient.connect(homeserver.baseUri());
            var alice = client.register("alice", "pw");
            client.register("bob", "secret");
            RoomId room = alice.createRoom(JsonObject.builder().put("preset", "public_chat").build());
            BlockingQueue<JsonObject> lines = new LinkedBlockingQueue<>();
            var join = new JoinCommand();
            join.homeserver = homeserver.baseUri();
            join.user = "bob";
            join.password = "secret";
            join.room = room.value();
            join.slot = "m.call#ROOM";
            join.dialect = MembershipRuntime.Dialect.LEGACY;
            join.keys = "epoch";
            join.out = linesInto(lines);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return join.call();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            JsonObject ready = await(lines, line -> line.string("event").equals("ready"));
            var device = E2eeDevice.create(alice, new SecureRandom());
            device.publishKeys();
            var own = new MembershipContents.Own(alice.user(), alice.device(), alice.user() + ":" + alice.device(),
                    SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk")), FocusSelection.OLDEST_MEMBERSHIP,
                    Optional.empty());
            BlockingQueue<CallEvent> aliceEvents = new LinkedBlockingQueue<>();
            try (var aliceCall = new CallParticipant(alice, device, room, own, MembershipRuntime.Dialect.LEGACY,
                    LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(),
                    CallParticipant.KeyMode.EPOCH, InstantSource.system(), aliceEvents::add)) {
                aliceCall.start();

                JsonObject joined = await(lines, line -> line.string("event").equals("member_joined")
                        && line.string("user_id").equals(alice.user().toString()));
                JsonObject key = await(lines, line -> line.string("event").equals("key_received"));
                var aliceKey = (CallEvent.KeyReceived) awaitEvent(aliceEvents, e -> e instanceof CallEvent.KeyReceived);
                join.stop.countDown();
                JsonObject left = await(lines, line -> line.string("event").equals("left"));

                assertThat(ready.string("user_id")).isEqualTo("@bob:join.test");
                assertThat(ready.string("room_id")).isEqualTo(room.value());
                assertThat(joined.string("device_id")).isEqualTo(alice.device().value());
                assertThat(key.string("user_id")).isEqualTo(alice.user().toString());
                assertThat(aliceKey.userId()).isEqualTo("@bob:join.test");
                assertThat(aliceKey.index()).isEqualTo((int) key.integer("index")); // both derived from one epoch
                assertThat(left.string("reason")).isEqualTo("left");
                assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
            }
        }
    }

    @Test
    void join_withUnknownKeyModeExitsTwo() throws Exception {
        var join = new JoinCommand();
        join.homeserver = java.net.URI.create("http://127.0.0.1:1");
        join.user = "bob";
        join.password = "pw";
        join.room = "!nowhere:join.test";
        join.slot = "m.call#ROOM";
        join.dialect = MembershipRuntime.Dialect.LEGACY;
        join.keys = "group";
        var errors = new java.io.ByteArrayOutputStream();
        join.err = new PrintStream(errors, true, StandardCharsets.UTF_8);

        assertThat(join.call()).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("--keys must be per-sender or epoch");
    }

    private static CallEvent awaitEvent(BlockingQueue<CallEvent> events, java.util.function.Predicate<CallEvent> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            CallEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        throw new AssertionError("no matching call event within " + WAIT);
    }

    @Test
    void join_withWrongPasswordExitsOneWithTheServersMessage() throws Exception {
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("join.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build())) {
            MatrixClient.connect(homeserver.baseUri()).register("bob", "secret");
            var join = new JoinCommand();
            join.homeserver = homeserver.baseUri();
            join.user = "bob";
            join.password = "wrong";
            join.room = "!nowhere:join.test";
            join.slot = "m.call#ROOM";
            join.dialect = MembershipRuntime.Dialect.LEGACY;
            var errors = new java.io.ByteArrayOutputStream();
            join.err = new PrintStream(errors, true, StandardCharsets.UTF_8);

            assertThat(join.call()).isEqualTo(1);
            assertThat(errors.toString(StandardCharsets.UTF_8)).startsWith("myelin join: ");
        }
    }

    /**
     * With {@code --state}, a second run is the same device and still reads the encrypted call: alice's Megolm-encrypted
     * sticky membership was shared with that device in the first run only, so its room key must come from the state.
     */
    @Test
    void joinWithState_secondRunIsTheSameDeviceAndStillDecryptsTheEncryptedStickyCall() throws Exception {
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("join.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).build())) {
            var client = MatrixClient.connect(homeserver.baseUri());
            var alice = client.register("alice", "pw");
            client.register("bob", "secret");
            RoomId room = alice.createRoom(Json.parseObject("""
                    {"preset":"public_chat","initial_state":[{"type":"m.room.encryption","state_key":"",
                     "content":{"algorithm":"m.megolm.v1.aes-sha2"}}]}"""));
            client.login("bob", "secret", Optional.empty()).join(room.value());
            var device = E2eeDevice.create(alice, new SecureRandom());
            device.publishKeys();
            var own = new MembershipContents.Own(alice.user(), alice.device(), java.util.UUID.randomUUID().toString(),
                    SlotId.ROOM_CALL, List.of(Transport.livekit("https://lk")), FocusSelection.MULTI_SFU,
                    Optional.empty());
            Path state = data.resolve("bob-state");
            try (var aliceCall = new CallParticipant(alice, device, room, own, MembershipRuntime.Dialect.STICKY,
                    LifecycleConfig.jsSdkDefaults().withDelayedEvents(false), KeyPolicyConfig.defaults(),
                    InstantSource.system(), event -> { })) {
                // alice joins once bob's device exists: Megolm has no keys for devices that come later (MSC4354)
                List<JsonObject> first = runUntilAliceAndHerKey(homeserver.baseUri(), room, state,
                        alice.user().toString(), aliceCall::start);
                seen.clear();
                List<JsonObject> second = runUntilAliceAndHerKey(homeserver.baseUri(), room, state,
                        alice.user().toString(), () -> { });

                assertThat(second.getFirst().string("device_id")).isEqualTo(first.getFirst().string("device_id"));
                assertThat(second.get(1).string("member_id")).isEqualTo(own.memberId());
            }
            assertThat(state.resolve("device.json")).isRegularFile();
        }
    }

    /** One {@code join --state} run until alice and her key are seen; returns its ready and member_joined lines. */
    private List<JsonObject> runUntilAliceAndHerKey(java.net.URI homeserver, RoomId room, Path state, String alice,
            Runnable afterReady) throws Exception {
        BlockingQueue<JsonObject> lines = new LinkedBlockingQueue<>();
        var join = new JoinCommand();
        join.homeserver = homeserver;
        join.user = "bob";
        join.password = "secret";
        join.room = room.value();
        join.slot = "m.call#ROOM";
        join.dialect = MembershipRuntime.Dialect.STICKY;
        join.state = state;
        join.out = linesInto(lines);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return join.call();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        JsonObject ready = await(lines, line -> line.string("event").equals("ready"));
        afterReady.run();
        JsonObject joined = await(lines, line -> line.string("event").equals("member_joined")
                && line.string("user_id").equals(alice));
        await(lines, line -> line.string("event").equals("key_received") && line.string("user_id").equals(alice));
        join.stop.countDown();
        await(lines, line -> line.string("event").equals("left"));
        assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        return List.of(ready, joined);
    }
}
