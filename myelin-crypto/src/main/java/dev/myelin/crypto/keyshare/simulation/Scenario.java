package dev.myelin.crypto.keyshare.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A membership script: who joins and leaves when, and from when on the run is measured (so that a ramp-up that only
 * builds the call does not count). {@link #standard} ramps up to N members, lets the call settle, then churns one
 * member at a time, then drops a tenth of the call at once.
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
        long at = 0;
        for (int i = 0; i < members; i++) {
            changes.add(new Change(at, i, true));
            present.add(i);
            at += 200;
        }
        int nextId = members;
        at += 30_000;
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
}
