package dev.myelin.crypto.keyshare.simulation;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.keyshare.CallEpoch;
import dev.myelin.crypto.keyshare.CallMember;
import dev.myelin.crypto.keyshare.EpochId;
import dev.myelin.crypto.keyshare.EpochKeyAction;
import dev.myelin.crypto.keyshare.KeyMaterialSource;
import dev.myelin.crypto.keyshare.KeyShareAction;
import dev.myelin.crypto.keyshare.KeySharingPolicy;
import dev.myelin.crypto.keyshare.MediaKey;
import dev.myelin.crypto.keyshare.ParticipantId;
import dev.myelin.crypto.keyshare.simulation.Population.MemberPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * Runs a whole call of pure key-sharing policies on a virtual clock: every participant runs its own policy instance
 * (per-sender or epoch keys, see {@link Population}), key messages arrive after a seeded latency (or are lost), and
 * the run counts messages, how long until everyone can decrypt everyone after each change, the blackout this leaves,
 * and how long a leaver could still decrypt. Changes scripted for the same instant reach the policies as one
 * membership update (as one /sync would deliver them). Same seed, same result.
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

    private sealed interface Event permits ChangeEvent, Wake, DeliverKey, DeliverEpoch, Delivered {
    }

    private record ChangeEvent(List<Scenario.Change> changes) implements Event {
    }

    private record Wake(int participant) implements Event {
    }

    private record DeliverKey(int[] receivers, int sender, MediaKey key, long sentAt) implements Event {
    }

    private record DeliverEpoch(int[] receivers, int sender, CallEpoch epoch, long useInMs) implements Event {
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

    private final Population population;
    private final Settings settings;
    private final int maxId;
    private final RandomGenerator random;
    private final PriorityQueue<Timed> queue = new PriorityQueue<>();
    private final Map<Integer, Participant> present = new LinkedHashMap<>();
    /** Present participants by id (the map above keeps join order for iteration). */
    private final Participant[] byId;
    private final boolean[] departed;
    private final Map<MediaKey, Long> keyCreatedAt = new IdentityHashMap<>();
    private final Map<EpochId, Long> epochCreatedAt = new HashMap<>();
    private final Map<EpochId, Set<Participant>> usersOf = new HashMap<>();
    private final Metrics metrics;
    private long sequence;
    private long now;

    private KeyShareSimulator(Population population, Settings settings, long measureFrom, int maxId) {
        this.population = population;
        this.metrics = new Metrics(measureFrom);
        this.settings = settings;
        this.maxId = maxId;
        this.byId = new Participant[maxId + 1];
        this.departed = new boolean[maxId + 1];
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(settings.seed());
    }

    /** Runs {@code scenario} with a fresh per-sender policy from {@code policies} for every participant. */
    public static SimulationResult run(Scenario scenario, Function<KeyMaterialSource, KeySharingPolicy> policies,
            Settings settings) {
        return run(scenario, Population.perSender(policies), settings);
    }

    /** Runs {@code scenario} with each participant's policy from {@code population}. */
    public static SimulationResult run(Scenario scenario, Population population, Settings settings) {
        Objects.requireNonNull(scenario, "scenario");
        int maxId = scenario.changes().stream().mapToInt(Scenario.Change::participant).max().orElse(0);
        var simulator = new KeyShareSimulator(Objects.requireNonNull(population, "population"), settings,
                scenario.measureFromMs(), maxId);
        long end = 0;
        var batch = new ArrayList<Scenario.Change>();
        for (Scenario.Change change : scenario.changes()) {
            if (!batch.isEmpty() && batch.getFirst().at() != change.at()) {
                simulator.schedule(batch.getFirst().at(), new ChangeEvent(List.copyOf(batch)));
                batch.clear();
            }
            batch.add(change);
            end = Math.max(end, change.at());
        }
        if (!batch.isEmpty()) {
            simulator.schedule(batch.getFirst().at(), new ChangeEvent(List.copyOf(batch)));
        }
        return simulator.runUntil(end + settings.tailMs(), scenario.measuredChanges());
    }

    private SimulationResult runUntil(long end, int changes) {
        while (!queue.isEmpty() && queue.peek().at() <= end) {
            Timed next = queue.poll();
            metrics.advance(next.at(), pairs());
            now = next.at();
            switch (next.event()) {
                case ChangeEvent(List<Scenario.Change> batch) -> applyChanges(batch);
                case Wake(int id) -> {
                    Participant p = byId[id];
                    if (p != null) {
                        p.wakeTimes.remove(now);
                        act(p, switch (p.policy) {
                            case MemberPolicy.PerSender(KeySharingPolicy policy) -> policy.onTimer(now);
                            case MemberPolicy.Epochs(var policy) -> policy.onTimer(now);
                        });
                    }
                }
                case DeliverKey(int[] receivers, int sender, MediaKey key, long sentAt) -> {
                    for (int receiver : receivers) {
                        deliverKey(receiver, sender, key, sentAt);
                    }
                }
                case DeliverEpoch(int[] receivers, int sender, CallEpoch epoch, long useInMs) -> {
                    for (int receiver : receivers) {
                        if (byId[receiver] instanceof Participant p
                                && p.policy instanceof MemberPolicy.Epochs(var policy)) {
                            act(p, policy.onEpochReceived(Participant.participantId(sender), epoch, useInMs, now));
                        }
                    }
                }
                case Delivered(int sender, long sendId, Set<ParticipantId> failed) -> {
                    Participant p = byId[sender];
                    if (p != null) {
                        act(p, switch (p.policy) {
                            case MemberPolicy.PerSender(KeySharingPolicy policy) ->
                                    policy.onDelivered(sendId, failed, now);
                            case MemberPolicy.Epochs(var policy) -> policy.onDelivered(sendId, failed, now);
                        });
                    }
                }
            }
            metrics.settle(now, metrics.blocked);
        }
        metrics.advance(end, pairs());
        long keyless = present.values().stream().filter(p -> p.inUse == null).count();
        return metrics.result(changes, keyless);
    }

    private void applyChanges(List<Scenario.Change> batch) {
        for (Scenario.Change change : batch) {
            if (change.join()) {
                join(change.participant());
            } else {
                leave(change.participant());
            }
            metrics.openChange(now);
        }
        var all = new HashSet<ParticipantId>();
        var members = new ArrayList<CallMember>(present.size());
        for (Participant p : present.values()) {
            all.add(p.participantId);
            members.add(new CallMember(p.participantId, p.joinedAt, p.epochCapable()));
        }
        List<CallMember> view = List.copyOf(members);
        present.values().forEach(p -> p.announced = true);
        for (Participant p : List.copyOf(present.values())) {
            if (present.containsKey(p.id)) {
                act(p, switch (p.policy) {
                    case MemberPolicy.PerSender(KeySharingPolicy policy) ->
                            policy.onMembersChanged(new OthersView(all, p.participantId), now);
                    case MemberPolicy.Epochs(var policy) -> policy.onMembersChanged(view, now);
                });
            }
        }
    }

    private void join(int id) {
        var joiner = new Participant(id, population.policyFor(id, Participant.participantId(id), this::newKey), now,
                maxId);
        present.put(id, joiner);
        byId[id] = joiner;
        for (Participant sender : present.values()) {
            refresh(joiner, sender);
        }
    }

    private void leave(int id) {
        Participant leaver = present.remove(id);
        if (leaver == null) {
            return;
        }
        departed[id] = true;
        byId[id] = null;
        metrics.blocked -= leaver.lackingCount;
        for (Participant other : present.values()) {
            if (other.lacking[id]) {
                other.lacking[id] = false;
                other.lackingCount--;
                metrics.blocked--;
            }
        }
        if (leaver.inUseEpoch != null) {
            usersOf.get(leaver.inUseEpoch).remove(leaver);
        }
        metrics.participantLeft(now, leaver.id);
        if (leaver.announced) { // one that joined and left in one update was in no member's view: it holds nothing
            metrics.openExposure(now, present.keySet());
        }
    }

    private void act(Participant p, List<?> actions) {
        for (Object action : actions) {
            switch (action) {
                case KeyShareAction.SendKey send -> sendKey(p, send.sendId(), send.key(), send.recipients());
                case KeyShareAction.UseKey use -> use(p, use.key(), null);
                case KeyShareAction.WakeAt wake -> wake(p, wake.at());
                case EpochKeyAction.SendMediaKey send -> sendKey(p, send.sendId(), send.key(), send.recipients());
                case EpochKeyAction.SendEpoch send -> sendEpoch(p, send);
                case EpochKeyAction.InstallEpoch install -> install(p, install.epoch().id());
                case EpochKeyAction.RetireEpoch retire -> retire(p, retire.epoch());
                case EpochKeyAction.UseKey use -> use(p, use.key(), use.epoch());
                case EpochKeyAction.WakeAt wake -> wake(p, wake.at());
                default -> throw new IllegalStateException("unknown action " + action);
            }
        }
    }

    private void wake(Participant p, long requested) {
        long at = Math.max(requested, now);
        if (p.wakeTimes.add(at)) {
            schedule(at, new Wake(p.id));
        }
    }

    private void sendKey(Participant sender, long sendId, MediaKey key, Set<ParticipantId> recipients) {
        keyCreatedAt.putIfAbsent(key, now);
        fanOut(sender, sendId, recipients, recipients.size(), receivers -> new DeliverKey(receivers, sender.id, key, now));
    }

    private void sendEpoch(Participant sender, EpochKeyAction.SendEpoch send) {
        epochCreatedAt.putIfAbsent(send.epoch().id(), now);
        int messages = send.recipients().size();
        if (population.broadcastsRotations() && messages > 1 && messages == capableOthers(sender)) {
            messages = 1; // a key tree re-keys everyone at once with one broadcast (see Population.epochsOverKeyTree)
        }
        fanOut(sender, send.sendId(), send.recipients(), messages, receivers -> new DeliverEpoch(receivers,
                sender.id, send.epoch(), send.useInMs()));
    }

    private int capableOthers(Participant sender) {
        int count = 0;
        for (Participant p : present.values()) {
            if (p != sender && p.epochCapable()) {
                count++;
            }
        }
        return count;
    }

    /** Draws each recipient's latency and loss, and schedules one delivery event per distinct arrival time. */
    private void fanOut(Participant sender, long sendId, Set<ParticipantId> recipients, int messages,
            Function<int[], Event> delivery) {
        metrics.messagesSent(now, messages);
        var failed = new HashSet<ParticipantId>();
        // Draw in id order: a Set's iteration order may change from one JVM to the next, the run must not.
        int[] ids = new int[recipients.size()];
        int n = 0;
        for (ParticipantId recipient : recipients) {
            ids[n++] = Participant.idOf(recipient);
        }
        Arrays.sort(ids);
        long[] arrivals = new long[ids.length];
        int count = 0;
        long latest = now;
        for (int id : ids) {
            if (departed[id]) {
                metrics.sentToDeparted(now);
            }
            long delay = settings.latencyMs() + (settings.jitterMs() == 0 ? 0
                    : random.nextLong(settings.jitterMs() + 1));
            latest = Math.max(latest, now + delay);
            if (settings.lossRate() > 0 && random.nextDouble() < settings.lossRate()) {
                failed.add(Participant.participantId(id));
            } else {
                arrivals[count++] = delay << 32 | id; // sorts by arrival, then by id
            }
        }
        Arrays.sort(arrivals, 0, count);
        for (int start = 0; start < count; ) {
            long delay = arrivals[start] >>> 32;
            int stop = start;
            while (stop < count && arrivals[stop] >>> 32 == delay) {
                stop++;
            }
            int[] receivers = new int[stop - start];
            for (int i = start; i < stop; i++) {
                receivers[i - start] = (int) arrivals[i];
            }
            schedule(now + delay, delivery.apply(receivers));
            start = stop;
        }
        schedule(latest, new Delivered(sender.id, sendId, failed));
    }

    private void use(Participant sender, MediaKey key, EpochId epoch) {
        long createdAt = epoch != null ? epochCreatedAt.computeIfAbsent(epoch, e -> now)
                : keyCreatedAt.computeIfAbsent(key, k -> now);
        if (sender.inUseEpoch != null) {
            usersOf.get(sender.inUseEpoch).remove(sender);
        }
        sender.inUse = key;
        sender.inUseEpoch = epoch;
        if (epoch != null) {
            usersOf.computeIfAbsent(epoch, e -> new HashSet<>()).add(sender);
        }
        for (Participant receiver : present.values()) {
            refresh(receiver, sender);
        }
        metrics.keyUsed(now, sender.id, createdAt);
    }

    private void install(Participant receiver, EpochId epoch) {
        epochCreatedAt.putIfAbsent(epoch, now);
        receiver.epochs.add(epoch);
        for (Participant sender : usersOf.getOrDefault(epoch, Set.of())) {
            refresh(receiver, sender);
        }
    }

    private void retire(Participant receiver, EpochId epoch) {
        receiver.epochs.remove(epoch);
        for (Participant sender : usersOf.getOrDefault(epoch, Set.of())) {
            refresh(receiver, sender);
        }
    }

    private void deliverKey(int receiverId, int senderId, MediaKey key, long sentAt) {
        Participant receiver = byId[receiverId];
        if (receiver == null) {
            return;
        }
        receiver.store(senderId, key, sentAt);
        Participant sender = byId[senderId];
        if (sender != null) {
            refresh(receiver, sender);
        }
    }

    /** Re-evaluates whether {@code receiver} can decrypt {@code sender} and keeps the blocked count in step. */
    private void refresh(Participant receiver, Participant sender) {
        if (receiver == sender) {
            return;
        }
        boolean lacks = sender.inUse != null && !receiver.canDecrypt(sender);
        if (lacks != receiver.lacking[sender.id]) {
            receiver.lacking[sender.id] = lacks;
            receiver.lackingCount += lacks ? 1 : -1;
            metrics.blocked += lacks ? 1 : -1;
        }
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
