package dev.myelin.client.rtc;

import dev.myelin.client.Session;
import dev.myelin.client.e2ee.RoomEncryption;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.rtc.LegacyStateKey;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.MembershipReader;
import dev.myelin.protocol.rtc.lifecycle.LifecycleAction;
import dev.myelin.protocol.rtc.lifecycle.LifecycleConfig;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest;
import dev.myelin.protocol.rtc.lifecycle.MembershipLifecycle;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drives a {@link MembershipLifecycle} against a homeserver: makes the requests it asks for (one at a time, on
 * virtual threads), feeds back their outcomes, and keeps its timer. All lifecycle calls happen on one serial executor,
 * so the pure core never sees two inputs at once.
 */
public final class MembershipRuntime implements AutoCloseable {
    /** How this device's membership is sent. */
    public enum Dialect { LEGACY, STICKY }

    static final long STICKY_DURATION_MS = 3_600_000;
    private static final String DELAY = "org.matrix.msc4140.delay";
    private static final String ENCRYPTED = "m.room.encrypted";

    private final Session session;
    private final RoomId room;
    private final MembershipContents.Own own;
    private final Dialect dialect;
    private final String roomVersion;
    private final InstantSource clock;
    private final Consumer<LifecycleAction> events;
    private final MembershipLifecycle lifecycle;
    private final ScheduledExecutorService serial =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("myelin-membership").factory());
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final CompletableFuture<Void> left = new CompletableFuture<>();
    private ScheduledFuture<?> timer;
    private OptionalLong firstCreatedTs = OptionalLong.empty();
    private volatile Optional<RoomEncryption> encryption = Optional.empty();
    private volatile Map<String, JsonObject> advertised = Map.of();

    /**
     * @param events receives the lifecycle's reports (joined, left, probably-left, failed) on the serial thread
     */
    public MembershipRuntime(Session session, RoomId room, MembershipContents.Own own, Dialect dialect,
            String roomVersion, LifecycleConfig config, InstantSource clock, Consumer<LifecycleAction> events) {
        this.session = Objects.requireNonNull(session, "session");
        this.room = Objects.requireNonNull(room, "room");
        this.own = Objects.requireNonNull(own, "own");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.roomVersion = Objects.requireNonNull(roomVersion, "roomVersion");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.lifecycle = new MembershipLifecycle(config);
    }

    /**
     * Encrypts this device's sticky memberships with Megolm from now on, as js-sdk does in encrypted rooms; delayed
     * leaves stay in clear (the server sends them later, with no client to encrypt them). Call before {@link #join}.
     */
    public void encryptWith(RoomEncryption roomEncryption) {
        encryption = Optional.of(roomEncryption);
    }

    /**
     * Adds {@code field} to every join content this device sends (legacy state and sticky {@code rtc.member}):
     * capabilities others read, such as {@code dev.myelin.call.epoch_key}. Call before {@link #join}.
     */
    public void advertise(String field, JsonObject value) {
        var fields = new HashMap<>(advertised);
        fields.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
        advertised = Map.copyOf(fields);
    }

    private JsonObject withAdvertised(JsonObject content) {
        JsonObject result = content;
        for (var field : advertised.entrySet()) {
            result = result.with(field.getKey(), field.getValue());
        }
        return result;
    }

    public void join() {
        serial.execute(() -> apply(lifecycle.join(now())));
    }

    /** Reports whether the slot's member list (from sync) contains this device's membership. */
    public void membershipsChanged(boolean ownPresent) {
        serial.execute(() -> apply(lifecycle.onMembershipsChanged(ownPresent, now())));
    }

    /** Leaves and waits up to {@code timeout} for the leave to reach the server; false if it did not in time. */
    public boolean leave(Duration timeout) {
        serial.execute(() -> apply(lifecycle.leave(now())));
        try {
            left.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public MembershipLifecycle.Phase phase() {
        return CompletableFuture.supplyAsync(lifecycle::phase, serial).join();
    }

    private long now() {
        return clock.millis();
    }

    private void apply(List<LifecycleAction> actions) {
        for (LifecycleAction action : actions) {
            switch (action) {
                case LifecycleAction.Send send -> requests.execute(() -> perform(send));
                case LifecycleAction.WakeAt wake -> arm(wake.at());
                case LifecycleAction.Left ignored -> {
                    events.accept(action);
                    left.complete(null);
                }
                case LifecycleAction.Failed ignored -> {
                    events.accept(action);
                    left.complete(null);
                }
                default -> events.accept(action);
            }
        }
    }

    private void arm(long at) {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = serial.schedule(() -> apply(lifecycle.onTimer(now())), Math.max(0, at - now()), TimeUnit.MILLISECONDS);
    }

    /** Runs on a request thread; reports back on the serial one. */
    private void perform(LifecycleAction.Send send) {
        RequestOutcome outcome;
        try {
            outcome = execute(send.request());
        } catch (RuntimeException failure) {
            outcome = RequestOutcomes.classify(failure);
        }
        RequestOutcome result = outcome;
        serial.execute(() -> apply(lifecycle.onResponse(send.requestId(), result, now())));
    }

    private RequestOutcome execute(LifecycleRequest request) {
        String delayedEvents = DELAY;
        return switch (request) {
            case LifecycleRequest.CreateDelayedLeave create -> {
                JsonObject response = sendLeave(Map.of(delayedEvents, Long.toString(create.delayMs())));
                yield new RequestOutcome.Ok(Optional.of(response.string("delay_id")));
            }
            case LifecycleRequest.SendMembership membership -> {
                sendJoin(membership);
                yield RequestOutcome.Ok.empty();
            }
            case LifecycleRequest.RestartDelayedLeave restart -> {
                session.updateDelayedEvent(restart.delayId(), "restart", Duration.ofMillis(restart.localTimeoutMs()));
                yield RequestOutcome.Ok.empty();
            }
            case LifecycleRequest.CancelDelayedLeave cancel -> {
                session.updateDelayedEvent(cancel.delayId(), "cancel", Duration.ofSeconds(10));
                yield RequestOutcome.Ok.empty();
            }
            case LifecycleRequest.SendDelayedLeaveNow now -> {
                session.updateDelayedEvent(now.delayId(), "send", Duration.ofSeconds(10));
                yield RequestOutcome.Ok.empty();
            }
            case LifecycleRequest.SendLeave leave -> {
                sendLeave(Map.of());
                yield RequestOutcome.Ok.empty();
            }
        };
    }

    private void sendJoin(LifecycleRequest.SendMembership membership) {
        if (dialect == Dialect.LEGACY) {
            if (membership.sendNumber() == 0) {
                firstCreatedTs = OptionalLong.empty();
            }
            JsonObject content = withAdvertised(MembershipContents.legacyJoin(own, membership.expiresMs(),
                    firstCreatedTs));
            if (firstCreatedTs.isEmpty()) {
                firstCreatedTs = OptionalLong.of(now());
            }
            session.sendState(room, MembershipReader.LEGACY_TYPE, stateKey(), content, Map.of());
        } else {
            sendSticky(withAdvertised(MembershipContents.stickyJoin(own)), Map.of());
        }
    }

    private JsonObject sendLeave(Map<String, String> query) {
        if (dialect == Dialect.LEGACY) {
            return session.sendState(room, MembershipReader.LEGACY_TYPE, stateKey(), MembershipContents.legacyLeave(),
                    query);
        }
        return sendSticky(MembershipContents.stickyLeave(own), query);
    }

    private JsonObject sendSticky(JsonObject content, Map<String, String> query) {
        var withSticky = new HashMap<>(query);
        withSticky.put("org.matrix.msc4354.sticky_duration_ms", Long.toString(STICKY_DURATION_MS));
        Optional<RoomEncryption> megolm = query.containsKey(DELAY) ? Optional.empty() : encryption;
        if (megolm.isPresent()) {
            return session.sendEvent(room, ENCRYPTED, megolm.get().encrypt(MembershipReader.STICKY_TYPE, content),
                    withSticky);
        }
        return session.sendEvent(room, MembershipReader.STICKY_TYPE, content, withSticky);
    }

    private String stateKey() {
        return LegacyStateKey.of(own.user(), own.device(), own.slot(), roomVersion);
    }

    @Override
    public void close() {
        serial.shutdownNow();
        requests.shutdownNow();
    }
}
