package dev.myelin.cli;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.client.e2ee.E2eeDevice;
import dev.myelin.client.rtc.CallEvent;
import dev.myelin.client.rtc.CallParticipant;
import dev.myelin.client.rtc.MembershipRuntime;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.Transport;
import dev.myelin.protocol.rtc.lifecycle.LifecycleConfig;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./myelin join}: a Myelin participant in a MatrixRTC call. Prints one JSON object per line on stdout, each with
 * an {@code event} field: ready, member_joined / member_left, key_received, key_sent, left. Leaves cleanly on SIGTERM
 * or after {@code --duration}.
 */
@Command(name = "join", description = "Join a MatrixRTC call as a participant and print what happens as JSON lines.")
final class JoinCommand implements Callable<Integer> {
    static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--homeserver", required = true, paramLabel = "URL", description = "Homeserver base URL.")
    URI homeserver;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "User id or localpart to log in as.")
    String user;

    @Option(names = "--password", required = true, paramLabel = "PASSWORD", description = "Password.")
    String password;

    @Option(names = "--room", required = true, paramLabel = "ROOM", description = "Room id or alias to join.")
    String room;

    @Option(names = "--slot", defaultValue = "m.call#ROOM", description = "Slot id (default: ${DEFAULT-VALUE}).")
    String slot;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Leave after this many seconds.")
    Long durationSeconds;

    @Option(names = "--dialect", defaultValue = "legacy", description = "Membership form: legacy or sticky.")
    MembershipRuntime.Dialect dialect;

    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = System.err;
    /** Counted down to leave, by the shutdown hook or a test. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        SlotId slotId;
        try {
            slotId = SlotId.parse(slot);
        } catch (IllegalArgumentException e) {
            err.println("myelin join: " + e.getMessage());
            return 2;
        }
        MatrixClient client = MatrixClient.connect(homeserver);
        Session session;
        RoomId roomId;
        boolean delayedEvents;
        try {
            delayedEvents = client.versions().optionalObject("unstable_features")
                    .flatMap(features -> features.optionalBool("org.matrix.msc4140")).orElse(false);
            session = client.login(user, password, Optional.empty());
            roomId = session.join(room);
        } catch (MatrixException | UncheckedIOException e) {
            err.println("myelin join: " + e.getMessage());
            return 1;
        }
        var device = E2eeDevice.create(session, new SecureRandom());
        device.publishKeys();
        String memberId = dialect == MembershipRuntime.Dialect.LEGACY
                ? session.user() + ":" + session.device() : UUID.randomUUID().toString();
        var own = new MembershipContents.Own(session.user(), session.device(), memberId, slotId,
                List.of(transport(session)), FocusSelection.OLDEST_MEMBERSHIP, Optional.empty());
        var call = new CallParticipant(session, device, roomId, own, dialect,
                LifecycleConfig.jsSdkDefaults().withDelayedEvents(delayedEvents), KeyPolicyConfig.defaults(),
                InstantSource.system(), this::print);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            stop.countDown();
            call.leave(LEAVE_TIMEOUT);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        call.start();
        if (durationSeconds != null) {
            stop.await(durationSeconds, TimeUnit.SECONDS);
        } else {
            stop.await();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return 0; // the hook is leaving already
        }
        call.leave(LEAVE_TIMEOUT);
        return 0;
    }

    /** The homeserver's advertised LiveKit transport, else the conventional mount on the homeserver itself. */
    private Transport transport(Session session) {
        try {
            JsonObject transports = session.get("/_matrix/client/unstable/org.matrix.msc4143/rtc/transports", Map.of());
            return transports.array("rtc_transports").objects().stream().findFirst().map(Transport::fromJson)
                    .orElseThrow();
        } catch (RuntimeException none) {
            return Transport.livekit(homeserver.toString().replaceAll("/+$", "") + "/livekit/jwt");
        }
    }

    private synchronized void print(CallEvent event) {
        out.println(Json.write(event.toJson()));
    }
}
