package dev.myelin.crypto.keyshare.simulation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Running totals of a simulation: blocked pairs over time, convergence after changes, exposure after leaves. */
final class Metrics {
    private record Exposure(long leftAt, Set<Integer> staleSenders) {
    }

    private final long measureFrom;
    long blocked;
    private long keyMessages;
    private long lastAt;
    private double blockedPairMs;
    private double pairMs;
    private long firstAt = -1;
    private final List<Long> openChanges = new ArrayList<>();
    private final List<Long> convergeTimes = new ArrayList<>();
    private final List<Exposure> openExposures = new ArrayList<>();
    private long exposureMax;
    private long sentToDeparted;

    /** @param measureFrom nothing before this time counts */
    Metrics(long measureFrom) {
        this.measureFrom = measureFrom;
    }

    void messagesSent(long at, int count) {
        if (at >= measureFrom) {
            keyMessages += count;
        }
    }

    /** A message was addressed to a participant that had already left (counted over the whole run). */
    void sentToDeparted(long at) {
        sentToDeparted++;
    }

    /** Accumulates time up to {@code at} with the state as it was. */
    void advance(long at, long pairs) {
        if (at < measureFrom) {
            return;
        }
        if (firstAt < 0) {
            firstAt = measureFrom;
            lastAt = measureFrom;
        }
        if (at > lastAt) {
            blockedPairMs += (double) blocked * (at - lastAt);
            pairMs += (double) pairs * (at - lastAt);
            lastAt = at;
        }
    }

    void openChange(long at) {
        if (at >= measureFrom) {
            openChanges.add(at);
        }
    }

    /** After an event: if nobody is blocked, every open change has converged now. */
    void settle(long at, long blockedNow) {
        if (blockedNow == 0 && !openChanges.isEmpty()) {
            openChanges.forEach(changedAt -> convergeTimes.add(at - changedAt));
            openChanges.clear();
        }
    }

    void openExposure(long leftAt, Set<Integer> remaining) {
        if (leftAt >= measureFrom && !remaining.isEmpty()) {
            openExposures.add(new Exposure(leftAt, new HashSet<>(remaining)));
        }
    }

    /** {@code sender} started using a key made at {@code keyCreatedAt}. */
    void keyUsed(long at, int sender, long keyCreatedAt) {
        for (Iterator<Exposure> it = openExposures.iterator(); it.hasNext(); ) {
            Exposure exposure = it.next();
            // A key made at the instant of the leave was made in answer to it.
            if (keyCreatedAt >= exposure.leftAt()) {
                exposure.staleSenders().remove(sender);
            }
            closeIfCovered(exposure, it, at);
        }
    }

    /** A participant left: it no longer holds back the exposures of earlier leaves. */
    void participantLeft(long at, int participant) {
        for (Iterator<Exposure> it = openExposures.iterator(); it.hasNext(); ) {
            Exposure exposure = it.next();
            exposure.staleSenders().remove(participant);
            closeIfCovered(exposure, it, at);
        }
    }

    private void closeIfCovered(Exposure exposure, Iterator<Exposure> it, long at) {
        if (exposure.staleSenders().isEmpty()) {
            exposureMax = Math.max(exposureMax, at - exposure.leftAt());
            it.remove();
        }
    }

    SimulationResult result(int changes, long keylessAtEnd) {
        var sorted = convergeTimes.stream().sorted().toList();
        long p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        long max = sorted.isEmpty() ? 0 : sorted.getLast();
        // Changes that never converged, and leaves never covered by new keys, count up to the end of the run.
        for (long changedAt : openChanges) {
            max = Math.max(max, lastAt - changedAt);
        }
        for (Exposure exposure : openExposures) {
            exposureMax = Math.max(exposureMax, lastAt - exposure.leftAt());
        }
        double meanPairs = lastAt > firstAt ? pairMs / (lastAt - firstAt) : 0;
        double blackout = meanPairs == 0 ? 0 : blockedPairMs / meanPairs;
        return new SimulationResult(changes, keyMessages, p50, max, blackout, exposureMax, sentToDeparted, blocked,
                keylessAtEnd);
    }
}
