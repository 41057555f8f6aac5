package dev.myelin.crypto.keyshare.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A membership script: who joins and leaves when, and from when on the run is measured (so that a ramp-up that only
 * builds the call does not count). {@link #standard} ramps up to N members, lets the call settle, then churns one
 * member at a time, then drops a tenth of the call at once; {@link #randomChurn} mixes single joins and leaves,
 * simultaneous joins and bursts of leaves at random gaps.
 */
public record Scenario(String name, List<Change> changes, long measureFromMs) {

    /** One participant joining or leaving at {@code at} milliseconds. */
    public record Change(long at, int participant, boolean join) {
    }

    public Scenario {
        Objects.requireNonNull(name, "name");
        changes = List.copyOf(changes);
    }

    /** A scenario measured from its start. */
    public Scenario(String name, List<Change> changes) {
        this(name, changes, 0);
    }

    /** The changes that are measured. */
    public int measuredChanges() {
        return (int) changes.stream().filter(change -> change.at() >= measureFromMs).count();
    }

    /**
     * @param members size of the call
     * @param churn   number of single joins or leaves after the ramp-up, {@code churnGapMs} apart
     */
    public static Scenario standard(int members, int churn, long churnGapMs, long seed) {
        if (members < 2) {
            throw new IllegalArgumentException("a call needs at least 2 members");
        }
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        var changes = new ArrayList<Change>();
        var present = new ArrayList<Integer>();
        long at = rampUp(members, changes, present);
        int nextId = members;
        long measureFrom = at;
        for (int i = 0; i < churn; i++) {
            if (i % 2 == 0) {
                int leaver = present.remove(random.nextInt(present.size()));
                changes.add(new Change(at, leaver, false));
            } else {
                changes.add(new Change(at, nextId, true));
                present.add(nextId++);
            }
            at += churnGapMs;
        }
        at += 30_000;
        for (int i = 0; i < Math.max(1, members / 10) && present.size() > 2; i++) {
            changes.add(new Change(at, present.remove(random.nextInt(present.size())), false));
        }
        return new Scenario("standard(" + members + ")", changes, measureFrom);
    }

    /**
     * Ramps up to {@code initial} members, then makes {@code events} random membership events: single joins and
     * leaves, several joins at one instant, bursts of leaves at one instant, 0 to 4 s apart. Measured after the
     * ramp-up.
     */
    public static Scenario randomChurn(int initial, int events, long seed) {
        if (initial < 2) {
            throw new IllegalArgumentException("a call needs at least 2 members");
        }
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        var changes = new ArrayList<Change>();
        var present = new ArrayList<Integer>();
        long at = rampUp(initial, changes, present) + 10_000;
        long measureFrom = at;
        int nextId = initial;
        for (int i = 0; i < events; i++) {
            int kind = random.nextInt(10);
            int count = kind < 7 ? 1 : 1 + random.nextInt(Math.max(1, present.size() / 5));
            boolean join = present.size() <= 2 || (kind % 2 == 0 && present.size() < initial * 2);
            for (int j = 0; j < count && (join || present.size() > 2); j++) {
                if (join) {
                    changes.add(new Change(at, nextId, true));
                    present.add(nextId++);
                } else {
                    changes.add(new Change(at, present.remove(random.nextInt(present.size())), false));
                }
            }
            at += random.nextInt(5) == 0 ? random.nextLong(200) : random.nextLong(4_000);
        }
        return new Scenario("randomChurn(" + initial + ", " + events + ")", changes, measureFrom);
    }

    /**
     * Joins {@code members} participants (ids 0…) one at a time 200 ms apart, or for more than 20 in 10 groups, so
     * large calls form in a couple of seconds (as a scheduled meeting does), then 30 s of quiet; returns when that
     * ends.
     */
    private static long rampUp(int members, List<Change> changes, List<Integer> present) {
        int group = members <= 20 ? 1 : (members + 9) / 10;
        long at = 0;
        for (int i = 0; i < members; i++) {
            changes.add(new Change(at, i, true));
            present.add(i);
            if ((i + 1) % group == 0) {
                at += 200;
            }
        }
        return at + 30_000;
    }
}
