package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.keyshare.KeyShareAction.SendKey;
import dev.myelin.crypto.keyshare.KeyShareAction.UseKey;
import dev.myelin.crypto.keyshare.KeyShareAction.WakeAt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Myelin's policy. Like js-sdk it rotates after leaves and after joins past the grace period, but:
 * <ul>
 *   <li>leaves within {@code leaveDebounceMs}, and all churn within {@code minRotationIntervalMs}, share one rotation;</li>
 *   <li>joiners always get the key in use at once (and any key rolling out), so they see no blackout while a rotation
 *       is pending;</li>
 *   <li>failed recipients are retried with backoff while they remain and the key is still current, never giving up
 *       (the first {@code maxRetries} retries double the delay, later ones keep the last): a member that missed the
 *       key in use cannot decrypt its sender until it gets it, and the next rotation may be a key lifetime away;</li>
 *   <li>rotations wait for a message budget when one is set, and keys are replaced after a maximum lifetime.</li>
 * </ul>
 */
public final class MyelinKeyPolicy implements KeySharingPolicy {
    private record Retry(MediaKey key, Set<ParticipantId> recipients, int attempt, long dueAt) {
    }

    private final KeyPolicyConfig config;
    private final KeyMaterialSource keySource;
    private final Map<Long, Retry> sent = new HashMap<>();
    private final List<Retry> retries = new ArrayList<>();
    private MessageBudget budget;
    private Set<ParticipantId> members = Set.of();
    private MediaKey inUse;
    private long inUseSince;
    private MediaKey rollingOut;
    private long rollingOutUseAt;
    private long rotationDueAt = -1;
    private long lastRotationAt = Long.MIN_VALUE / 2;
    private long nextSendId = 1;

    public MyelinKeyPolicy(KeyPolicyConfig config, KeyMaterialSource keySource) {
        this.config = Objects.requireNonNull(config, "config");
        this.keySource = Objects.requireNonNull(keySource, "keySource");
    }

    @Override
    public List<KeyShareAction> onMembersChanged(Set<ParticipantId> others, long now) {
        var actions = new ArrayList<KeyShareAction>();
        var delta = MembershipDelta.between(members, others);
        Set<ParticipantId> joined = delta.joined();
        boolean someoneLeft = delta.someoneLeft();
        members = Set.copyOf(others);
        if (inUse == null) {
            budget = new MessageBudget(config.messagesPerMinute(), now);
            inUse = new MediaKey(0, keySource.newKey(JsSdkKeyPolicy.KEY_LENGTH));
            inUseSince = now;
            actions.add(new UseKey(inUse));
            send(inUse, members, 0, now, actions);
            return finish(now, actions);
        }
        retries.replaceAll(retry -> retry.recipients().stream().allMatch(members::contains) ? retry
                : new Retry(retry.key(), intersect(retry.recipients()), retry.attempt(), retry.dueAt()));
        if (someoneLeft) {
            scheduleRotation(now + config.leaveDebounceMs());
        }
        if (!joined.isEmpty()) {
            send(inUse, joined, 0, now, actions);
            if (rollingOut != null) {
                send(rollingOut, joined, 0, now, actions);
            }
            if (now - inUseSince >= config.graceMs()) {
                scheduleRotation(now);
            }
        }
        return finish(now, actions);
    }

    @Override
    public List<KeyShareAction> onTimer(long now) {
        return finish(now, new ArrayList<>());
    }

    @Override
    public List<KeyShareAction> onDelivered(long sendId, Set<ParticipantId> failed, long now) {
        Retry delivery = sent.remove(sendId);
        if (delivery != null && !failed.isEmpty()) {
            // No attempt limit: a retry is dropped once its key is no longer current or its recipients have left.
            int doublings = Math.min(delivery.attempt(), Math.clamp(config.maxRetries() - 1, 0, 20));
            long delay = config.retryBaseDelayMs() << doublings;
            retries.add(new Retry(delivery.key(), Set.copyOf(failed), delivery.attempt() + 1, now + delay));
        }
        return finish(now, new ArrayList<>());
    }

    private void scheduleRotation(long earliest) {
        long at = Math.max(earliest, lastRotationAt + config.minRotationIntervalMs());
        rotationDueAt = rotationDueAt < 0 ? at : Math.min(rotationDueAt, at);
    }

    /** Runs whatever is due at {@code now}, then asks to be woken for the next thing. */
    private List<KeyShareAction> finish(long now, List<KeyShareAction> actions) {
        if (rollingOut != null && now >= rollingOutUseAt) {
            inUse = rollingOut;
            inUseSince = now;
            rollingOut = null;
            actions.add(new UseKey(inUse));
        }
        if (inUse != null && rotationDueAt < 0 && now - inUseSince >= config.maxKeyLifetimeMs()) {
            scheduleRotation(now);
        }
        if (rotationDueAt >= 0 && now >= rotationDueAt && rollingOut == null) {
            if (budget.tryTake(members.size(), now)) {
                rotate(now, actions);
            } else {
                rotationDueAt = budget.availableAt(members.size(), now);
            }
        }
        runDueRetries(now, actions);
        long next = nextWake();
        if (next != Long.MAX_VALUE) {
            actions.add(new WakeAt(Math.max(next, now + 1)));
        }
        return actions;
    }

    private void rotate(long now, List<KeyShareAction> actions) {
        rotationDueAt = -1;
        lastRotationAt = now;
        rollingOut = new MediaKey(inUse.nextIndex(), keySource.newKey(JsSdkKeyPolicy.KEY_LENGTH));
        rollingOutUseAt = now + config.useKeyDelayMs();
        retries.removeIf(retry -> !retry.key().equals(inUse)); // older keys are no longer worth retrying
        if (!members.isEmpty()) {
            var send = new SendKey(nextSendId++, rollingOut, members);
            sent.put(send.sendId(), new Retry(rollingOut, members, 0, now));
            actions.add(send);
        }
    }

    private void runDueRetries(long now, List<KeyShareAction> actions) {
        var due = retries.stream().filter(retry -> retry.dueAt() <= now).toList();
        retries.removeAll(due);
        for (Retry retry : due) {
            boolean current = retry.key().equals(inUse) || retry.key().equals(rollingOut);
            if (current) {
                send(retry.key(), retry.recipients(), retry.attempt(), now, actions);
            }
        }
    }

    private void send(MediaKey key, Set<ParticipantId> recipients, int attempt, long now,
            List<KeyShareAction> actions) {
        Set<ParticipantId> present = intersect(recipients);
        if (present.isEmpty()) {
            return;
        }
        budget.take(present.size(), now);
        var send = new SendKey(nextSendId++, key, present);
        sent.put(send.sendId(), new Retry(key, present, attempt, now));
        actions.add(send);
    }

    private Set<ParticipantId> intersect(Set<ParticipantId> recipients) {
        var present = new HashSet<>(recipients);
        present.retainAll(members);
        return present;
    }

    private long nextWake() {
        long next = Long.MAX_VALUE;
        if (rollingOut != null) {
            next = Math.min(next, rollingOutUseAt);
        }
        if (rotationDueAt >= 0) {
            next = Math.min(next, Math.max(rotationDueAt, rollingOut != null ? rollingOutUseAt : rotationDueAt));
        }
        if (inUse != null && rotationDueAt < 0) {
            next = Math.min(next, inUseSince + config.maxKeyLifetimeMs());
        }
        for (Retry retry : retries) {
            next = Math.min(next, retry.dueAt());
        }
        return next;
    }
}
