package dev.myelin.cli;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.client.e2ee.DeviceStore;
import dev.myelin.client.e2ee.E2eeDevice;
import dev.myelin.client.rtc.CallEvent;
import dev.myelin.client.rtc.CallParticipant;
import dev.myelin.client.rtc.MembershipRuntime;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.crypto.olm.OlmException;
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
import java.nio.file.Path;
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

    @Option(names = "--keys", defaultValue = "per-sender", paramLabel = "MODE",
            description = "Media key sharing: per-sender (every member sends its own key, default) or epoch (one"
                    + " distributor sends epoch secrets, keys are derived per sender; members without the"
                    + " capability still get per-sender keys).")
    String keys = "per-sender";

    @Option(names = "--state", paramLabel = "DIR",
            description = "Keep this device (access token, Olm account and sessions, room keys) in DIR and use it again"
                    + " next time instead of logging in as a new device.")
    Path state;

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
        CallParticipant.KeyMode keyMode;
        switch (keys) {
            case "per-sender" -> keyMode = CallParticipant.KeyMode.PER_SENDER;
            case "epoch" -> keyMode = CallParticipant.KeyMode.EPOCH;
            default -> {
                err.println("myelin join: --keys must be per-sender or epoch, not " + keys);
                return 2;
            }
        }
        MatrixClient client = MatrixClient.connect(homeserver);
        Optional<DeviceStore> store;
        Optional<DeviceStore.Saved> saved;
        Session session;
        RoomId roomId;
        boolean delayedEvents;
        E2eeDevice device;
        try {
            store = Optional.ofNullable(state).map(dir -> DeviceStore.open(dir, homeserver));
            saved = store.flatMap(DeviceStore::load).filter(this::isUser);
            delayedEvents = client.versions().optionalObject("unstable_features")
                    .flatMap(features -> features.optionalBool("org.matrix.msc4140")).orElse(false);
            session = saved.isPresent() ? resume(client, saved.get()) : client.login(user, password, Optional.empty());
            roomId = session.join(room);
            device = saved.isPresent() ? store.get().restoreDevice(session, saved.get(), new SecureRandom())
                    : E2eeDevice.create(session, new SecureRandom());
            device.publishKeys(); // again for a saved device: the same keys, and one-time keys topped up
        } catch (MatrixException | UncheckedIOException | IllegalStateException | OlmException e) {
            err.println("myelin join: " + e.getMessage());
            return 1;
        }
        String memberId = dialect == MembershipRuntime.Dialect.LEGACY
                ? session.user() + ":" + session.device() : UUID.randomUUID().toString();
        var own = new MembershipContents.Own(session.user(), session.device(), memberId, slotId,
                List.of(transport(session)), FocusSelection.OLDEST_MEMBERSHIP, Optional.empty());
        var call = new CallParticipant(session, device, roomId, own, dialect,
                LifecycleConfig.jsSdkDefaults().withDelayedEvents(delayedEvents), KeyPolicyConfig.defaults(), keyMode,
                InstantSource.system(), this::print);
        store.ifPresent(s -> call.persistTo(s, saved));
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            stop.countDown();
            call.leave(LEAVE_TIMEOUT);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            call.start(); // reads the room's encryption state first: the one request that can fail here
        } catch (MatrixException | UncheckedIOException e) {
            err.println("myelin join: " + e.getMessage());
            Runtime.getRuntime().removeShutdownHook(hook);
            call.close();
            return 1;
        }
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

    /** Whether a saved device is the one for {@code --user} (a full user id, or the localpart of one). */
    private boolean isUser(DeviceStore.Saved saved) {
        return saved.user().toString().equals(user) || saved.user().localpart().equals(user);
    }

    /** The saved device again: its token if still valid, else a password login that keeps the device id. */
    private Session resume(MatrixClient client, DeviceStore.Saved saved) {
        Session resumed = client.resume(saved.user(), saved.device(), saved.accessToken());
        try {
            resumed.whoami();
            return resumed;
        } catch (MatrixException expired) {
            return client.login(user, password, Optional.of(saved.device()));
        }
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
