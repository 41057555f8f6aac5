package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.keyshare.EpochKeyAction.InstallEpoch;
import dev.myelin.crypto.keyshare.EpochKeyAction.RetireEpoch;
import dev.myelin.crypto.keyshare.EpochKeyAction.SendEpoch;
import dev.myelin.crypto.keyshare.EpochKeyAction.SendMediaKey;
import dev.myelin.crypto.keyshare.EpochKeyAction.UseKey;
import dev.myelin.crypto.keyshare.EpochKeyAction.WakeAt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Epoch keys for large calls: one distributor, the most senior epoch-capable member ({@link CallMember#SENIORITY}),
 * makes a fresh 32-byte epoch secret on each membership change that needs one and sends it to each other capable
 * member (N−1 Olm messages instead of js-sdk's N(N−1)); every member derives each sender's media key from it with
 * {@link EpochKeyDerivation}. Members without the capability get each capable sender's derived key per sender, as
 * js-sdk expects.
 *
 * <ul>
 *   <li>Leaves (of anyone) make a new epoch after {@code leaveDebounceMs}; bursts coalesce, rotations are at least
 *       {@code minRotationIntervalMs} apart. A leaver is never sent an epoch made after its leave.</li>
 *   <li>Joiners get the epoch in use and any epoch rolling out at once (no blackout); if the epoch in use is older
 *       than {@code graceMs} a new one follows, so a joiner never holds a key older than the grace period for long.</li>
 *   <li>Failover: when the distributor's membership goes, the next most senior capable member takes over and makes a
 *       new epoch at once, with a counter above every counter it has seen. Should two members distribute at once
 *       (views differ), epochs are ordered by (counter, distributor) and everyone converges on the greatest; an
 *       epoch that loses its ring slot to a greater one with the same counter is dropped, and a member using it
 *       switches at once.</li>
 *   <li>A new epoch is installed for decryption on arrival and used for sending {@code useKeyDelayMs} later; the
 *       previous epoch stays installed for {@code retainMs} so members that got the new one late are not blacked out.</li>
 *   <li>Failed recipients are retried with backoff while they remain and the epoch is still current: the first
 *       {@code maxRetries} retries wait {@code retryBaseDelayMs}, doubling each time, later ones the last delay. Retries
 *       never give up (unlike {@link MyelinKeyPolicy}): a member that missed the current epoch cannot decrypt anyone,
 *       nor anyone it, until it gets it, and the next epoch may be {@code maxKeyLifetimeMs} away.</li>
 *   <li>An epoch whose distributor has left is never switched to, and loses its ring slot to any successor's epoch:
 *       its maker could still decrypt it.</li>
 * </ul>
 * {@link KeyPolicyConfig#messagesPerMinute()} is not applied: a change costs N−1 messages, not N(N−1). Members trust
 * any capable member's epoch (as they trust any member with their media); a receiver orders epochs, it does not
 * check that the sender is the distributor in its own view, since views differ during a failover. Not thread-safe;
 * pure.
 */
public final class EpochKeyPolicy {
    /** Default time a superseded epoch stays installed. */
    public static final long DEFAULT_RETAIN_MS = 10_000;

    private record Held(CallEpoch epoch, long installedAt, long retireAt) {
    }

    private record Outbound(EpochId epoch, boolean mediaKey, Set<ParticipantId> recipients, int attempt, long dueAt) {
    }

    private final ParticipantId self;
    private final KeyPolicyConfig config;
    private final long retainMs;
    private final KeyMaterialSource keySource;
    private final EpochKeyDerivation derivation;
    private final TreeMap<EpochId, Held> held = new TreeMap<>();
    private final Map<EpochId, MediaKey> ownKeys = new HashMap<>();
    private final Map<Long, Outbound> sent = new HashMap<>();
    private final List<Outbound> retries = new ArrayList<>();
    private final Map<ParticipantId, CallMember> members = new HashMap<>();
    private Set<ParticipantId> legacy;
    private boolean distributing;
    private EpochId inUse;
    private EpochId pending;
    private long switchAt;
    private long highestCounter = -1;
    private long rotationDueAt = -1;
    private long lastRotationAt = Long.MIN_VALUE / 2;
    private long nextSendId = 1;

    public EpochKeyPolicy(ParticipantId self, KeyPolicyConfig config, long retainMs, KeyMaterialSource keySource,
            EpochKeyDerivation derivation) {
        this.self = Objects.requireNonNull(self, "self");
        this.config = Objects.requireNonNull(config, "config");
        this.keySource = Objects.requireNonNull(keySource, "keySource");
        this.derivation = Objects.requireNonNull(derivation, "derivation");
        if (retainMs < config.useKeyDelayMs()) {
            throw new IllegalArgumentException("retainMs must cover the use-key delay");
        }
        this.retainMs = retainMs;
    }

    /** The call's members are now {@code all} (including this member). */
    public List<EpochKeyAction> onMembersChanged(List<CallMember> all, long now) {
        var actions = new ArrayList<EpochKeyAction>();
        var capableJoiners = new HashSet<ParticipantId>();
        var otherJoiners = new HashSet<ParticipantId>();
        int before = members.size();
        int stayed = 0;
        for (CallMember member : all) { // joins update the map in place: no copy of a large call per change
            CallMember known = members.put(member.id(), member);
            if (known != null) {
                stayed++;
            } else if (!member.id().equals(self)) {
                (member.epochCapable() ? capableJoiners : otherJoiners).add(member.id());
            }
        }
        boolean someoneLeft = stayed < before;
        if (someoneLeft) {
            var ids = new HashSet<ParticipantId>(all.size() * 2);
            all.forEach(member -> ids.add(member.id()));
            members.keySet().retainAll(ids);
        }
        legacy = null;
        if (!members.containsKey(self)) {
            return actions; // we left: nothing more to send
        }
        retries.replaceAll(r -> new Outbound(r.epoch(), r.mediaKey(), present(r.recipients()), r.attempt(), r.dueAt()));
        retries.removeIf(r -> r.recipients().isEmpty());
        if (pending != null && !eligible(pending)) {
            retireLater(pending, now); // its distributor left before we switched: wait for the successor's epoch
            pending = null;
        }
        sendOwnKeys(otherJoiners, now, actions);
        boolean wasDistributing = distributing;
        distributing = distributor().filter(self::equals).isPresent();
        if (distributing) {
            if (inUse == null && pending == null) {
                rotate(now, actions);
                return finish(now, actions);
            }
            if (!wasDistributing) {
                scheduleRotation(now); // takeover: the old distributor holds the current epoch
            }
            if (someoneLeft) {
                scheduleRotation(now + config.leaveDebounceMs());
            }
            if (!capableJoiners.isEmpty()) {
                for (EpochId id : currentEpochs()) {
                    send(id, false, capableJoiners, 0, now, actions);
                }
            }
            if ((!capableJoiners.isEmpty() || !otherJoiners.isEmpty())
                    && now - held.get(newest()).installedAt() >= config.graceMs()) {
                scheduleRotation(now);
            }
        }
        return finish(now, actions);
    }

    /**
     * {@code from} sent {@code epoch} (the driver has checked the Olm sender against {@code from}'s membership), to
     * be used for sending {@code useInMs} after its arrival (capped at the use-key delay): the distributor's own
     * switch time, so that a joiner handed an epoch still rolling out switches with everyone else.
     */
    public List<EpochKeyAction> onEpochReceived(ParticipantId from, CallEpoch epoch, long useInMs, long now) {
        var actions = new ArrayList<EpochKeyAction>();
        CallMember sender = members.get(from);
        if (sender == null || !sender.epochCapable() || !epoch.id().distributor().equals(from)
                || held.containsKey(epoch.id()) || !members.containsKey(self)) {
            return finish(now, actions);
        }
        install(epoch, now, Math.clamp(useInMs, 0, config.useKeyDelayMs()), actions);
        return finish(now, actions);
    }

    public List<EpochKeyAction> onTimer(long now) {
        return finish(now, new ArrayList<>());
    }

    /** The send {@code sendId} finished; {@code failed} did not get it. */
    public List<EpochKeyAction> onDelivered(long sendId, Set<ParticipantId> failed, long now) {
        Outbound delivery = sent.remove(sendId);
        if (delivery != null && !failed.isEmpty()) {
            // No attempt limit: runDueRetries drops a retry once its epoch is no longer current, send() once its
            // recipients have left, so a retry only goes on while its recipient would otherwise stay blacked out.
            int doublings = Math.min(delivery.attempt(), Math.clamp(config.maxRetries() - 1, 0, 20));
            long delay = config.retryBaseDelayMs() << doublings;
            retries.add(new Outbound(delivery.epoch(), delivery.mediaKey(), Set.copyOf(failed), delivery.attempt() + 1,
                    now + delay));
        }
        return finish(now, new ArrayList<>());
    }

    /** The elected distributor in this member's view. */
    public Optional<ParticipantId> distributor() {
        return members.values().stream().filter(CallMember::epochCapable).min(CallMember.SENIORITY)
                .map(CallMember::id);
    }

    /** The epoch own media is encrypted with, if any. */
    public Optional<EpochId> epochInUse() {
        return Optional.ofNullable(inUse);
    }

    private void install(CallEpoch epoch, long now, long useInMs, List<EpochKeyAction> actions) {
        EpochId id = epoch.id();
        boolean replacedInUse = false;
        for (var it = held.entrySet().iterator(); it.hasNext(); ) {
            EpochId other = it.next().getKey();
            if (other.counter() != id.counter()) {
                continue;
            }
            // A racing distributor's epoch for the same ring slot: the greater wins, unless its distributor has
            // left (then it must not be used any more: its maker could still decrypt).
            if (eligible(other) && other.isNewerThan(id)) {
                return;
            }
            it.remove();
            ownKeys.remove(other);
            actions.add(new RetireEpoch(other));
            replacedInUse |= other.equals(inUse);
            inUse = other.equals(inUse) ? null : inUse;
            pending = other.equals(pending) ? null : pending;
        }
        highestCounter = Math.max(highestCounter, id.counter());
        EpochId newestEligible = held.descendingKeySet().stream().filter(this::eligible).findFirst().orElse(null);
        boolean newest = newestEligible == null || id.isNewerThan(newestEligible);
        held.put(id, new Held(epoch, now, newest || replacedInUse ? -1 : now + retainMs));
        actions.add(new InstallEpoch(epoch));
        if (newest) {
            sendOwnKey(id, legacyMembers(), now, actions);
            if (pending != null) {
                retireLater(pending, now);
            }
            pending = id;
            switchAt = inUse == null ? now : now + useInMs;
        } else if (replacedInUse) {
            inUse = id; // the slot's new owner, at once: the old one is gone from every receiver that has this
            sendOwnKey(id, legacyMembers(), now, actions);
            actions.add(new UseKey(id, ownKey(id)));
        }
    }

    /** Whether an epoch may still be sent with: its distributor is still a member. */
    private boolean eligible(EpochId id) {
        return members.containsKey(id.distributor());
    }

    private void rotate(long now, List<EpochKeyAction> actions) {
        rotationDueAt = -1;
        lastRotationAt = now;
        var epoch = new CallEpoch(new EpochId(highestCounter + 1, self), keySource.newKey(CallEpoch.SECRET_LENGTH));
        retries.removeIf(r -> !currentEpochs().contains(r.epoch()));
        install(epoch, now, config.useKeyDelayMs(), actions); // the first epoch is used at once, later ones after the delay
        var capable = new HashSet<ParticipantId>();
        members.values().stream().filter(m -> m.epochCapable() && !m.id().equals(self))
                .forEach(m -> capable.add(m.id()));
        send(epoch.id(), false, capable, 0, now, actions);
    }

    /** Runs whatever is due at {@code now}, then asks to be woken for the next thing. */
    private List<EpochKeyAction> finish(long now, List<EpochKeyAction> actions) {
        if (pending != null && now >= switchAt) {
            if (inUse != null) {
                retireLater(inUse, now);
            }
            inUse = pending;
            pending = null;
            actions.add(new UseKey(inUse, ownKey(inUse)));
        }
        for (var it = held.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            EpochId id = entry.getKey(); // read before remove(): TreeMap may reuse the entry for its successor
            long retireAt = entry.getValue().retireAt();
            if (retireAt >= 0 && retireAt <= now && !id.equals(inUse)) {
                it.remove();
                ownKeys.remove(id);
                actions.add(new RetireEpoch(id));
            }
        }
        if (distributing && inUse != null && rotationDueAt < 0
                && now - held.get(newest()).installedAt() >= config.maxKeyLifetimeMs()) {
            scheduleRotation(now);
        }
        if (distributing && rotationDueAt >= 0 && now >= rotationDueAt && pending == null) {
            rotate(now, actions);
            if (pending != null && now >= switchAt) {
                return finish(now, actions); // nothing was in use: the new epoch is used at once
            }
        }
        runDueRetries(now, actions);
        long next = nextWake();
        if (next != Long.MAX_VALUE) {
            actions.add(new WakeAt(Math.max(next, now + 1)));
        }
        return actions;
    }

    private void scheduleRotation(long earliest) {
        long at = Math.max(earliest, lastRotationAt + config.minRotationIntervalMs());
        rotationDueAt = rotationDueAt < 0 ? at : Math.min(rotationDueAt, at);
    }

    private void retireLater(EpochId id, long now) {
        Held entry = held.get(id);
        if (entry != null && entry.retireAt() < 0) {
            held.put(id, new Held(entry.epoch(), entry.installedAt(), now + retainMs));
        }
    }

    private void runDueRetries(long now, List<EpochKeyAction> actions) {
        var due = retries.stream().filter(retry -> retry.dueAt() <= now).toList();
        retries.removeAll(due);
        List<EpochId> current = currentEpochs();
        for (Outbound retry : due) {
            if (current.contains(retry.epoch())) {
                send(retry.epoch(), retry.mediaKey(), retry.recipients(), retry.attempt(), now, actions);
            }
        }
    }

    private void sendOwnKeys(Set<ParticipantId> recipients, long now, List<EpochKeyAction> actions) {
        for (EpochId id : currentEpochs()) {
            sendOwnKey(id, recipients, now, actions);
        }
    }

    private void sendOwnKey(EpochId id, Set<ParticipantId> recipients, long now, List<EpochKeyAction> actions) {
        send(id, true, recipients, 0, now, actions);
    }

    private void send(EpochId id, boolean mediaKey, Set<ParticipantId> recipients, int attempt, long now,
            List<EpochKeyAction> actions) {
        Set<ParticipantId> to = present(recipients);
        if (to.isEmpty()) {
            return;
        }
        long sendId = nextSendId++;
        long useIn = id.equals(pending) ? Math.max(0, switchAt - now) : 0;
        actions.add(mediaKey ? new SendMediaKey(sendId, ownKey(id), to)
                : new SendEpoch(sendId, held.get(id).epoch(), useIn, to));
        sent.put(sendId, new Outbound(id, mediaKey, to, attempt, now));
    }

    private MediaKey ownKey(EpochId id) {
        return ownKeys.computeIfAbsent(id, key -> derivation.mediaKey(held.get(key).epoch(), self));
    }

    /** The epoch in use and the one rolling out, if any. */
    private List<EpochId> currentEpochs() {
        var current = new ArrayList<EpochId>(2);
        if (inUse != null) {
            current.add(inUse);
        }
        if (pending != null) {
            current.add(pending);
        }
        return current;
    }

    private EpochId newest() {
        return pending != null ? pending : inUse;
    }

    private Set<ParticipantId> legacyMembers() {
        if (legacy == null) {
            var ids = new HashSet<ParticipantId>();
            members.values().stream().filter(m -> !m.epochCapable()).forEach(m -> ids.add(m.id()));
            legacy = Set.copyOf(ids);
        }
        return legacy;
    }

    private Set<ParticipantId> present(Set<ParticipantId> recipients) {
        var present = new HashSet<ParticipantId>();
        for (ParticipantId id : recipients) {
            if (members.containsKey(id) && !id.equals(self)) {
                present.add(id);
            }
        }
        return present;
    }

    private long nextWake() {
        long next = Long.MAX_VALUE;
        if (pending != null) {
            next = Math.min(next, switchAt);
        }
        if (distributing && rotationDueAt >= 0) {
            next = Math.min(next, Math.max(rotationDueAt, pending != null ? switchAt : rotationDueAt));
        }
        if (distributing && rotationDueAt < 0 && newest() != null) {
            next = Math.min(next, held.get(newest()).installedAt() + config.maxKeyLifetimeMs());
        }
        for (Held entry : held.values()) {
            if (entry.retireAt() >= 0 && !entry.epoch().id().equals(inUse)) {
                next = Math.min(next, entry.retireAt());
            }
        }
        for (Outbound retry : retries) {
            next = Math.min(next, retry.dueAt());
        }
        return next;
    }
}
