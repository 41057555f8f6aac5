package dev.myelin.crypto.keyshare.simulation;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.keyshare.KeyMaterialSource;
import dev.myelin.crypto.keyshare.KeyShareAction;
import dev.myelin.crypto.keyshare.KeyShareAction.SendKey;
import dev.myelin.crypto.keyshare.KeyShareAction.UseKey;
import dev.myelin.crypto.keyshare.KeyShareAction.WakeAt;
import dev.myelin.crypto.keyshare.KeySharingPolicy;
import dev.myelin.crypto.keyshare.MediaKey;
import dev.myelin.crypto.keyshare.ParticipantId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Runs a whole call of pure key-sharing policies on a virtual clock: every participant runs its own policy instance,
 * key messages arrive after a seeded latency (or are lost), and the run counts messages, how long until everyone can
 * decrypt everyone after each change, the blackout this leaves, and how long a leaver could still decrypt. Same seed,
 * same result.
 */
public final class KeyShareSimulator {

    /**
     * @param latencyMs  minimum to-device delivery time
     * @param jitterMs   extra random delivery time, uniform in [0, jitterMs]
     * @param lossRate   probability that one key message is lost (reported to the sender as failed)
     * @param tailMs     how long the run continues after the last change
     */
    public record Settings(long latencyMs, long jitterMs, double lossRate, long tailMs, long seed) {
        public static Settings defaults(long seed) {
            return new Settings(150, 100, 0.0, 20_000, seed);
        }
    }

    private sealed interface Event permits ChangeEvent, Wake, Deliver, Delivered {
    }

    private record ChangeEvent(Scenario.Change change) implements Event {
    }

    private record Wake(int participant) implements Event {
    }

    private record Deliver(int receiver, int sender, MediaKey key) implements Event {
    }

    private record Delivered(int sender, long sendId, Set<ParticipantId> failed) implements Event {
    }

    private record Timed(long at, long sequence, Event event) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final Function<KeyMaterialSource, KeySharingPolicy> policies;
    private final Settings settings;
    private final RandomGenerator random;
    private final PriorityQueue<Timed> queue = new PriorityQueue<>();
    private final Map<Integer, Participant> present = new LinkedHashMap<>();
    private final Map<MediaKey, Long> keyCreatedAt = new IdentityHashMap<>();
    private final Metrics metrics;
    private long sequence;
    private long now;

    private KeyShareSimulator(Function<KeyMaterialSource, KeySharingPolicy> policies, Settings settings,
            long measureFrom) {
        this.policies = policies;
        this.metrics = new Metrics(measureFrom);
        this.settings = settings;
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(settings.seed());
    }

    /** Runs {@code scenario} with a fresh policy from {@code policies} for every participant. */
    public static SimulationResult run(Scenario scenario, Function<KeyMaterialSource, KeySharingPolicy> policies,
            Settings settings) {
        Objects.requireNonNull(scenario, "scenario");
        var simulator = new KeyShareSimulator(Objects.requireNonNull(policies, "policies"), settings,
                scenario.measureFromMs());
        long end = 0;
        for (Scenario.Change change : scenario.changes()) {
            simulator.schedule(change.at(), new ChangeEvent(change));
            end = Math.max(end, change.at());
        }
        return simulator.runUntil(end + settings.tailMs(), scenario.measuredChanges());
    }

    private SimulationResult runUntil(long end, int changes) {
        while (!queue.isEmpty() && queue.peek().at() <= end) {
            Timed next = queue.poll();
            metrics.advance(next.at(), pairs());
            now = next.at();
            switch (next.event()) {
                case ChangeEvent(Scenario.Change change) -> applyChange(change);
                case Wake(int id) -> {
                    Participant p = present.get(id);
                    if (p != null) {
                        p.wakeTimes.remove(now);
                        act(p, p.policy.onTimer(now));
                    }
                }
                case Deliver(int receiver, int sender, MediaKey key) -> deliver(receiver, sender, key);
                case Delivered(int sender, long sendId, Set<ParticipantId> failed) -> {
                    Participant p = present.get(sender);
                    if (p != null) {
                        act(p, p.policy.onDelivered(sendId, failed, now));
                    }
                }
            }
            metrics.settle(now, metrics.blocked);
        }
        metrics.advance(end, pairs());
        return metrics.result(changes);
    }

    private void applyChange(Scenario.Change change) {
        if (change.join()) {
            var joiner = new Participant(change.participant(), policies.apply(this::newKey));
            for (Participant other : present.values()) {
                if (other.inUse != null && joiner.lacks(other)) {
                    metrics.blocked++;
                }
            }
            present.put(joiner.id, joiner);
        } else {
            Participant leaver = present.remove(change.participant());
            if (leaver == null) {
                return;
            }
            for (Participant other : present.values()) {
                if (other.inUse != null && leaver.lacks(other)) {
                    metrics.blocked--;
                }
                if (leaver.inUse != null && other.lacks(leaver)) {
                    metrics.blocked--;
                }
            }
            metrics.participantLeft(now, leaver.id);
            metrics.openExposure(now, present.keySet());
        }
        metrics.openChange(now);
        for (Participant p : List.copyOf(present.values())) {
            if (present.containsKey(p.id)) {
                act(p, p.policy.onMembersChanged(othersOf(p), now));
            }
        }
    }

    private void act(Participant p, List<KeyShareAction> actions) {
        for (KeyShareAction action : actions) {
            switch (action) {
                case SendKey send -> send(p, send);
                case UseKey use -> use(p, use.key());
                case WakeAt wake -> {
                    long at = Math.max(wake.at(), now);
                    if (p.wakeTimes.add(at)) {
                        schedule(at, new Wake(p.id));
                    }
                }
            }
        }
    }

    private void send(Participant sender, SendKey send) {
        keyCreatedAt.putIfAbsent(send.key(), now);
        metrics.messagesSent(now, send.recipients().size());
        var failed = new HashSet<ParticipantId>();
        long latest = now;
        for (ParticipantId recipient : send.recipients()) {
            long at = now + settings.latencyMs() + (settings.jitterMs() == 0 ? 0 : random.nextLong(settings.jitterMs() + 1));
            latest = Math.max(latest, at);
            if (random.nextDouble() < settings.lossRate()) {
                failed.add(recipient);
            } else {
                schedule(at, new Deliver(Participant.idOf(recipient), sender.id, send.key()));
            }
        }
        schedule(latest, new Delivered(sender.id, send.sendId(), failed));
    }

    private void use(Participant sender, MediaKey key) {
        keyCreatedAt.putIfAbsent(key, now);
        for (Participant receiver : present.values()) {
            if (receiver != sender) {
                boolean lackedBefore = sender.inUse != null && receiver.lacks(sender);
                boolean lacksAfter = !receiver.holds(sender.id, key);
                metrics.blocked += (lacksAfter ? 1 : 0) - (lackedBefore ? 1 : 0);
            }
        }
        sender.inUse = key;
        metrics.keyUsed(now, sender.id, keyCreatedAt.get(key));
    }

    private void deliver(int receiverId, int senderId, MediaKey key) {
        Participant receiver = present.get(receiverId);
        if (receiver == null) {
            return;
        }
        Participant sender = present.get(senderId);
        boolean lackedBefore = sender != null && sender.inUse != null && receiver.lacks(sender);
        receiver.ring.put(Participant.slot(senderId, key.index()), key);
        if (lackedBefore && !receiver.lacks(sender)) {
            metrics.blocked--;
        }
    }

    private Set<ParticipantId> othersOf(Participant p) {
        var others = new HashSet<ParticipantId>();
        for (int id : present.keySet()) {
            if (id != p.id) {
                others.add(Participant.participantId(id));
            }
        }
        return others;
    }

    private long pairs() {
        long n = present.size();
        return n * (n - 1);
    }

    private SecretBytes newKey(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return SecretBytes.copyOf(bytes);
    }

    private void schedule(long at, Event event) {
        queue.add(new Timed(at, sequence++, event));
    }
}
