package dev.myelin.client.rtc;

import dev.myelin.client.Session;
import dev.myelin.client.e2ee.DeviceStore;
import dev.myelin.client.e2ee.E2eeDevice;
import dev.myelin.client.e2ee.RoomEncryption;
import dev.myelin.client.sync.SyncLoop;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.keyshare.CallKeyContent;
import dev.myelin.crypto.keyshare.EpochId;
import dev.myelin.crypto.keyshare.EpochKeyContent;
import dev.myelin.crypto.keyshare.EpochKeyDerivation;
import dev.myelin.crypto.keyshare.EpochKeyPolicy;
import dev.myelin.crypto.keyshare.MediaKey;
import dev.myelin.crypto.keyshare.InboundCallKeys;
import dev.myelin.crypto.keyshare.KeyMaterialSource;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.crypto.keyshare.KeyShareAction;
import dev.myelin.crypto.keyshare.MyelinKeyPolicy;
import dev.myelin.crypto.keyshare.ParticipantId;
import dev.myelin.crypto.keyshare.ReceivedCallKey;
import dev.myelin.crypto.megolm.InboundRoomKeys;
import dev.myelin.crypto.olm.DecryptedToDevice;
import dev.myelin.crypto.olm.DeviceIdentity;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import dev.myelin.protocol.rtc.LiveKitNames;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.RtcMembership;
import dev.myelin.protocol.rtc.lifecycle.LifecycleAction;
import dev.myelin.protocol.rtc.lifecycle.LifecycleConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One device in a MatrixRTC call: keeps its membership alive, follows the slot's member list from {@code /sync},
 * shares its media key with the other members over Olm according to {@link MyelinKeyPolicy}, and installs the keys
 * others send once checked. Everything that changes state runs on one serial virtual thread; requests run on their
 * own virtual threads and report back to it.
 */
public final class CallParticipant implements AutoCloseable {
    /** How media keys are shared. */
    public enum KeyMode {
        /** Every member sends its own key to every other member ({@link MyelinKeyPolicy}). */
        PER_SENDER,
        /**
         * Advertises {@code dev.myelin.call.epoch_key} in the membership; one elected member distributes epoch
         * secrets and each sender's key is derived ({@link EpochKeyPolicy}); members without the capability still
         * get per-sender keys.
         */
        EPOCH
    }

    private static final System.Logger LOG = System.getLogger(CallParticipant.class.getName());
    private final Session session;
    private final E2eeDevice device;
    private final RoomId room;
    private final MembershipContents.Own own;
    private final InstantSource clock;
    private final Consumer<CallEvent> events;
    private final ScheduledExecutorService serial =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("myelin-call").factory());
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private final RoomCallState state;
    private final MyelinKeyPolicy keyPolicy;
    private final Optional<EpochKeyDriver> epochs;
    private final InboundCallKeys inbound;
    private final MembershipRuntime membership;
    private final Map<ParticipantId, RtcMembership> participants = new HashMap<>();
    private List<RtcMembership> members = List.of();
    private SyncLoop sync;
    private volatile Optional<RoomEncryption> encryption = Optional.empty();
    private volatile Optional<DeviceStore> store = Optional.empty();
    private volatile Optional<DeviceStore.Saved> saved = Optional.empty();

    public CallParticipant(Session session, E2eeDevice device, RoomId room, MembershipContents.Own own,
            MembershipRuntime.Dialect dialect, LifecycleConfig lifecycle, KeyPolicyConfig keys, InstantSource clock,
            Consumer<CallEvent> events) {
        this(session, device, room, own, dialect, lifecycle, keys, KeyMode.PER_SENDER, clock, events);
    }

    public CallParticipant(Session session, E2eeDevice device, RoomId room, MembershipContents.Own own,
            MembershipRuntime.Dialect dialect, LifecycleConfig lifecycle, KeyPolicyConfig keys, KeyMode keyMode,
            InstantSource clock, Consumer<CallEvent> events) {
        this.session = Objects.requireNonNull(session, "session");
        this.device = Objects.requireNonNull(device, "device");
        this.room = Objects.requireNonNull(room, "room");
        this.own = Objects.requireNonNull(own, "own");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.state = new RoomCallState(room, own.slot(), event -> encryption.map(megolm -> megolm.decrypt(event))
                .orElseGet(() -> new InboundRoomKeys.Result.Rejected("room is not encrypted")));
        var random = new SecureRandom();
        KeyMaterialSource keySource = length -> {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            return SecretBytes.copyOf(bytes);
        };
        this.keyPolicy = new MyelinKeyPolicy(keys, keySource);
        this.inbound = new InboundCallKeys(room, true, 60_000, 1_000);
        this.membership = new MembershipRuntime(session, room, own, dialect, "10", lifecycle, clock,
                action -> serial.execute(() -> onLifecycle(action)));
        if (Objects.requireNonNull(keyMode, "keyMode") == KeyMode.EPOCH) {
            String self = selfIdentity(own, dialect);
            String slot = own.slot().toString();
            var policy = new EpochKeyPolicy(new ParticipantId(self), keys,
                    Math.max(EpochKeyPolicy.DEFAULT_RETAIN_MS, keys.useKeyDelayMs()), keySource,
                    new EpochKeyDerivation(room.value(), slot));
            epochs = Optional.of(new EpochKeyDriver(policy, new EpochKeyRing(room, slot, self, 60_000, 1_000), room,
                    own, new EpochHost()));
            membership.advertise(EpochKeyContent.CAPABILITY_FIELD, EpochKeyContent.capability());
        } else {
            epochs = Optional.empty();
        }
    }

    /**
     * Keeps this device's Olm state and the room keys others share in {@code store} while in the call (after every
     * sync, key send and the leave), and takes back the room keys of {@code saved}. Call before {@link #start}.
     */
    public void persistTo(DeviceStore deviceStore, Optional<DeviceStore.Saved> savedState) {
        store = Optional.of(deviceStore);
        saved = Objects.requireNonNull(savedState, "savedState");
    }

    /**
     * Starts syncing and joins the call. In an encrypted room, sticky memberships go out Megolm-encrypted and others'
     * are decrypted with the room keys they share.
     */
    public void start() {
        epochs.ifPresent(driver -> driver.started(now()));
        encryption = RoomEncryption.of(session, device, room, clock, new SecureRandom());
        encryption.ifPresent(membership::encryptWith);
        store.ifPresent(s -> saved.ifPresent(state -> encryption.ifPresent(room -> s.restoreRoomKeys(room, state))));
        persist();
        events.accept(new CallEvent.Ready(room.value(), own.user().toString(), own.device().value(), own.memberId()));
        sync = SyncLoop.start(session, Optional.empty(), Duration.ofSeconds(10), Optional.empty(),
                response -> serial.execute(() -> onSync(response)));
        membership.join();
    }

    /** Leaves the call (waiting up to {@code timeout} for the leave to reach the server) and stops. */
    public void leave(Duration timeout) {
        boolean left = membership.leave(timeout);
        persist();
        events.accept(new CallEvent.Left(left ? "left" : "leave not confirmed"));
        close();
    }

    private long now() {
        return clock.millis();
    }

    private void onLifecycle(LifecycleAction action) {
        if (action instanceof LifecycleAction.Failed failed) {
            events.accept(new CallEvent.Left("membership failed: " + failed.reason()));
        }
    }

    /** Room keys first (this response's events may need them), then room events, then media keys. */
    private void onSync(JsonObject response) {
        long now = now();
        List<DecryptedToDevice> toDevice = new ArrayList<>();
        response.optionalObject("to_device").flatMap(t -> t.optionalArray("events")).map(a -> a.objects())
                .orElse(List.of()).forEach(event -> decrypt(event).ifPresent(toDevice::add));
        boolean newRoomKeys = false;
        for (DecryptedToDevice event : toDevice) {
            newRoomKeys |= encryption.map(megolm -> megolm.onToDevice(event)).orElse(false);
        }
        if (newRoomKeys) {
            state.retryUndecrypted();
        }
        state.apply(response, now);
        updateMembers(state.members(now), now);
        toDevice.forEach(event -> onCallKey(event, now));
        epochs.ifPresent(driver -> toDevice.forEach(event -> driver.onToDevice(event, now)));
        persist();
    }

    /** Saves the device if a store was given; a failed save is not a reason to leave the call. */
    private void persist() {
        store.ifPresent(s -> {
            try {
                s.save(session, device, encryption);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not save the device: " + e.getMessage());
            }
        });
    }

    private void updateMembers(List<RtcMembership> current, long now) {
        Set<String> before = keysOf(members);
        Set<String> after = keysOf(current);
        var joiners = new HashMap<UserId, Set<String>>();
        for (RtcMembership member : current) {
            if (!before.contains(key(member))) {
                events.accept(new CallEvent.MemberJoined(member.sender().toString(), member.deviceId(),
                        member.memberId()));
                if (!isOwn(member)) {
                    joiners.computeIfAbsent(member.sender(), user -> new HashSet<>()).add(member.deviceId());
                }
            }
        }
        encryption.filter(megolm -> !joiners.isEmpty()).ifPresent(megolm -> requests.execute(() -> {
            try {
                megolm.shareLastEventKey(joiners); // so that joiners who came after it can read our membership
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not share the room key with joiners: " + e.getMessage());
            }
        }));
        for (RtcMembership member : members) {
            if (!after.contains(key(member))) {
                events.accept(new CallEvent.MemberLeft(member.sender().toString(), member.deviceId(),
                        member.memberId()));
            }
        }
        members = current;
        boolean ownPresent = current.stream().anyMatch(this::isOwn);
        membership.membershipsChanged(ownPresent);
        participants.clear();
        for (RtcMembership member : current) {
            if (!isOwn(member)) {
                participants.put(new ParticipantId(LiveKitNames.identity(member)), member);
            }
        }
        if (epochs.isPresent()) {
            epochs.get().membersChanged(current, now);
        } else {
            apply(keyPolicy.onMembersChanged(Set.copyOf(participants.keySet()), now));
        }
        inbound.onMembersChanged(current, now).forEach(this::installed);
    }

    private boolean isOwn(RtcMembership member) {
        return member.sender().equals(own.user()) && member.deviceId().equals(own.device().value());
    }

    private void apply(List<KeyShareAction> actions) {
        for (KeyShareAction action : actions) {
            switch (action) {
                case KeyShareAction.SendKey send -> sendKey(send);
                case KeyShareAction.UseKey use -> {
                    // No media pipeline here: the key in use is what we advertise; a media layer would switch now.
                }
                case KeyShareAction.WakeAt wake -> serial.schedule(() -> apply(keyPolicy.onTimer(now())),
                        Math.max(0, wake.at() - now()), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void sendKey(KeyShareAction.SendKey send) {
        var content = new CallKeyContent(room, own.memberId(), own.device().value(), send.key(), now()).toJson();
        deliver(CallKeyContent.TYPE, content, send.recipients(), send.key().index(),
                failed -> apply(keyPolicy.onDelivered(send.sendId(), failed, now())));
    }

    /**
     * Sends {@code content} over Olm to the devices of {@code ids}, reports {@code key_sent}, then hands the
     * recipients it did not reach to {@code done} on the serial thread.
     */
    private void deliver(String type, JsonObject content, Set<ParticipantId> ids, int index,
            Consumer<Set<ParticipantId>> done) {
        var recipients = new ArrayList<RtcMembership>();
        ids.forEach(id -> Optional.ofNullable(participants.get(id)).ifPresent(recipients::add));
        requests.execute(() -> {
            Set<ParticipantId> failed = new HashSet<>(ids);
            try {
                Set<UserId> users = new HashSet<>();
                recipients.forEach(member -> users.add(member.sender()));
                List<DeviceIdentity> devices = device.queryDevices(users).stream()
                        .filter(identity -> recipients.stream().anyMatch(member ->
                                member.sender().toString().equals(identity.userId())
                                        && member.deviceId().equals(identity.deviceId())))
                        .toList();
                List<DeviceIdentity> unreachable = device.sendEncrypted(type, content, devices);
                persist();
                for (RtcMembership member : recipients) {
                    boolean reached = devices.stream().anyMatch(d -> d.deviceId().equals(member.deviceId())
                            && d.userId().equals(member.sender().toString()) && !unreachable.contains(d));
                    if (reached) {
                        failed.remove(new ParticipantId(LiveKitNames.identity(member)));
                    }
                }
                events.accept(new CallEvent.KeySent(index, ids.size() - failed.size()));
            } catch (RuntimeException e) {
                // every recipient counts as failed and is retried by the policy
            }
            serial.execute(() -> done.accept(failed));
        });
    }

    private Optional<DecryptedToDevice> decrypt(JsonObject event) {
        if (!"m.room.encrypted".equals(event.lenientString("type").orElse(""))) {
            return Optional.empty();
        }
        try {
            return Optional.of(device.decrypt(event));
        } catch (RuntimeException undecryptable) {
            return Optional.empty(); // Olm failures: dropped, as other clients' bad messages must never stop us
        }
    }

    private void onCallKey(DecryptedToDevice decrypted, long now) {
        if (!CallKeyContent.TYPE.equals(decrypted.type())) {
            return;
        }
        try {
            UserId sender = UserId.parse(decrypted.sender().userId());
            var received = new ReceivedCallKey(sender, Optional.of(decrypted.sender().deviceId()),
                    CallKeyContent.parse(decrypted.content(), sender));
            if (inbound.receive(received, members, now) instanceof InboundCallKeys.Verdict.Install install) {
                installed(install);
            }
        } catch (RuntimeException malformed) {
            // malformed content: dropped, as other clients' bad messages must never stop us
        }
    }

    private void derived(EpochKeyRing.Derived derived) {
        events.accept(new CallEvent.KeyReceived(derived.member().sender().toString(), derived.member().deviceId(),
                derived.key().index()));
    }

    /** Epoch mode: the epoch own media is sent with, once one is in use. */
    Optional<EpochId> epochInUse() {
        return onSerial(() -> epochs.flatMap(EpochKeyDriver::inUse));
    }

    /** Epoch mode: own media key at ring index {@code index}, as last put in use. */
    Optional<MediaKey> ownEpochKey(int index) {
        return onSerial(() -> epochs.flatMap(driver -> driver.ownKey(index)));
    }

    /** Epoch mode: the key derived for the member with LiveKit identity {@code identity} at {@code index}. */
    Optional<MediaKey> derivedKey(String identity, int index) {
        return onSerial(() -> epochs.flatMap(driver -> driver.derivedKey(identity, index)));
    }

    /** Epoch mode: the ids of the epochs installed for decryption. */
    List<EpochId> installedEpochs() {
        return onSerial(() -> epochs.map(EpochKeyDriver::installedEpochs).orElse(List.of()));
    }

    /** What the epoch driver does through this participant, on the serial thread. */
    private final class EpochHost implements EpochKeyDriver.Host {
        @Override
        public long now() {
            return CallParticipant.this.now();
        }

        @Override
        public void schedule(Runnable task, long delayMs) {
            serial.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public void deliver(String type, JsonObject content, Set<ParticipantId> recipients, int index,
                Consumer<Set<ParticipantId>> done) {
            CallParticipant.this.deliver(type, content, recipients, index, done);
        }

        @Override
        public void derived(EpochKeyRing.Derived derived) {
            CallParticipant.this.derived(derived);
        }

        @Override
        public int undecryptedMemberships() {
            return state.undecryptedCount();
        }
    }

    private <T> T onSerial(java.util.concurrent.Callable<T> read) {
        try {
            return serial.submit(read).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("call state not readable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String selfIdentity(MembershipContents.Own own, MembershipRuntime.Dialect dialect) {
        if (dialect == MembershipRuntime.Dialect.STICKY) {
            return LiveKitNames.hash(List.of(own.user().toString(), own.device().value(), own.memberId()),
                    LiveKitNames.JsonForm.JS_STRINGIFY);
        }
        return own.user() + ":" + own.device().value();
    }

    private void installed(InboundCallKeys.Verdict.Install install) {
        members.stream().filter(member -> LiveKitNames.identity(member).equals(install.identity())).findFirst()
                .ifPresent(member -> events.accept(new CallEvent.KeyReceived(member.sender().toString(),
                        member.deviceId(), install.key().index())));
    }

    private static Set<String> keysOf(List<RtcMembership> list) {
        var keys = new HashSet<String>();
        list.forEach(member -> keys.add(key(member)));
        return keys;
    }

    private static String key(RtcMembership member) {
        return member.sender() + "|" + member.deviceId() + "|" + member.memberId();
    }

    @Override
    public void close() {
        if (sync != null) {
            sync.close();
        }
        membership.close();
        serial.shutdownNow();
        requests.shutdownNow();
    }
}
