package dev.myelin.client.rtc;

import dev.myelin.crypto.keyshare.CallKeyContent;
import dev.myelin.crypto.keyshare.CallMember;
import dev.myelin.crypto.keyshare.EpochId;
import dev.myelin.crypto.keyshare.EpochKeyAction;
import dev.myelin.crypto.keyshare.EpochKeyContent;
import dev.myelin.crypto.keyshare.EpochKeyPolicy;
import dev.myelin.crypto.keyshare.MediaKey;
import dev.myelin.crypto.keyshare.ParticipantId;
import dev.myelin.crypto.olm.DecryptedToDevice;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.rtc.LiveKitNames;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.RtcMembership;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Epoch mode of a {@link CallParticipant}: drives the pure {@link EpochKeyPolicy} and the {@link EpochKeyRing} with
 * the call's members and the epoch messages that arrive, and carries out their actions through the {@link Host}. All
 * calls come on the participant's serial thread.
 */
final class EpochKeyDriver {
    /** How long after start the member list may wait for memberships still lacking their Megolm key. */
    static final long SETTLE_MS = 5_000;
    private static final int MAX_BACKLOG = 1_000;

    /** What the driver needs of its participant; called on the serial thread. */
    interface Host {
        long now();

        /** Runs {@code task} on the serial thread {@code delayMs} from now. */
        void schedule(Runnable task, long delayMs);

        /** Sends over Olm; hands the recipients not reached to {@code done} on the serial thread. */
        void deliver(String type, JsonObject content, Set<ParticipantId> recipients, int index,
                Consumer<Set<ParticipantId>> done);

        /** A member's key was derived from an epoch. */
        void derived(EpochKeyRing.Derived derived);

        /** Memberships seen but not decrypted yet (their Megolm key may still be on its way). */
        int undecryptedMemberships();
    }

    private final EpochKeyPolicy policy;
    private final EpochKeyRing ring;
    private final RoomId room;
    private final MembershipContents.Own own;
    private final Host host;
    private final Map<Integer, MediaKey> ownKeys = new HashMap<>();
    private Optional<EpochId> inUse = Optional.empty();
    private List<RtcMembership> members = List.of();
    private long startedAt;
    private boolean settleScheduled;
    private boolean gated;
    private final List<DecryptedToDevice> backlog = new ArrayList<>();

    EpochKeyDriver(EpochKeyPolicy policy, EpochKeyRing ring, RoomId room, MembershipContents.Own own, Host host) {
        this.policy = policy;
        this.ring = ring;
        this.room = room;
        this.own = own;
        this.host = host;
    }

    void started(long now) {
        startedAt = now;
    }

    /**
     * Hands the member list to the policy, unless memberships may still be waiting for their Megolm key shortly after
     * start: a joiner that saw only itself would elect itself and make an epoch the real distributor never learns of.
     * The wait is bounded, as some encrypted events never decrypt.
     */
    void membersChanged(List<RtcMembership> current, long now) {
        members = current;
        long settleAt = startedAt + SETTLE_MS;
        if (host.undecryptedMemberships() > 0 && now < settleAt) {
            gated = true;
            if (!settleScheduled) {
                settleScheduled = true;
                host.schedule(() -> membersChanged(members, host.now()), settleAt - now);
            }
            return;
        }
        gated = false;
        var callMembers = new ArrayList<CallMember>();
        current.forEach(member -> callMembers.add(new CallMember(new ParticipantId(LiveKitNames.identity(member)),
                member.createdTs(), EpochKeyContent.advertisedBy(member.content()))));
        apply(policy.onMembersChanged(callMembers, now));
        ring.onMembersChanged(current).forEach(host::derived);
        ring.retryHeld(current, now).forEach(accepted -> apply(policy.onEpochReceived(accepted.from(),
                accepted.epoch(), accepted.useInMs(), now)));
        var held = List.copyOf(backlog);
        backlog.clear();
        held.forEach(event -> onToDevice(event, now));
    }

    /** An epoch message from the claimed distributor's own device goes to the policy; others are dropped. */
    void onToDevice(DecryptedToDevice decrypted, long now) {
        if (!EpochKeyContent.TYPE.equals(decrypted.type())) {
            return;
        }
        if (gated) {
            if (backlog.size() < MAX_BACKLOG) {
                backlog.add(decrypted); // the policy does not know the members yet: judged once it does
            }
            return;
        }
        try {
            ring.receive(decrypted, members, now).ifPresent(accepted -> apply(policy.onEpochReceived(accepted.from(),
                    accepted.epoch(), accepted.useInMs(), now)));
        } catch (RuntimeException malformed) {
            // malformed content: dropped, as other clients' bad messages must never stop us
        }
    }

    private void apply(List<EpochKeyAction> actions) {
        for (EpochKeyAction action : actions) {
            switch (action) {
                case EpochKeyAction.SendEpoch send -> {
                    var content = new EpochKeyContent(room, own.slot().toString(), send.epoch().id(),
                            send.epoch().secret(), send.useInMs(), own.memberId(), own.device().value(), host.now());
                    host.deliver(EpochKeyContent.TYPE, content.toJson(), send.recipients(),
                            send.epoch().id().ringIndex(),
                            failed -> apply(policy.onDelivered(send.sendId(), failed, host.now())));
                }
                case EpochKeyAction.SendMediaKey send -> {
                    var content = new CallKeyContent(room, own.memberId(), own.device().value(), send.key(),
                            host.now());
                    host.deliver(CallKeyContent.TYPE, content.toJson(), send.recipients(), send.key().index(),
                            failed -> apply(policy.onDelivered(send.sendId(), failed, host.now())));
                }
                case EpochKeyAction.InstallEpoch install -> ring.install(install.epoch(), members)
                        .forEach(host::derived);
                case EpochKeyAction.RetireEpoch retire -> ring.retire(retire.epoch());
                case EpochKeyAction.UseKey use -> {
                    // No media pipeline here: a media layer would start encrypting with use.key() now.
                    ownKeys.put(use.key().index(), use.key());
                    inUse = Optional.of(use.epoch());
                }
                case EpochKeyAction.WakeAt wake -> host.schedule(() -> apply(policy.onTimer(host.now())),
                        Math.max(0, wake.at() - host.now()));
            }
        }
    }

    /** The epoch own media is sent with, once one is in use. */
    Optional<EpochId> inUse() {
        return inUse;
    }

    /** Own media key at ring index {@code index}, as last put in use. */
    Optional<MediaKey> ownKey(int index) {
        return Optional.ofNullable(ownKeys.get(index));
    }

    /** The key derived for the member with LiveKit identity {@code identity} at {@code index}. */
    Optional<MediaKey> derivedKey(String identity, int index) {
        return ring.key(identity, index);
    }

    List<EpochId> installedEpochs() {
        return ring.installedEpochs();
    }
}
