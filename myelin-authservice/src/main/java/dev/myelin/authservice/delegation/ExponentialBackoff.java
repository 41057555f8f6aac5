package dev.myelin.authservice.delegation;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The back-off upstream configures for every retry loop (cenkalti/backoff v5 {@code ExponentialBackOff}): 1 s
 * initial, ×1.5, ±50 % jitter, at most 60 s. Pure: the randomness is injected.
 */
final class ExponentialBackoff {
    static final long INITIAL_NANOS = Duration.ofSeconds(1).toNanos();
    static final double MULTIPLIER = 1.5;
    static final double RANDOMIZATION = 0.5;
    static final long MAX_NANOS = Duration.ofSeconds(60).toNanos();

    private final RandomGenerator random;
    private long currentNanos = INITIAL_NANOS;

    ExponentialBackoff(RandomGenerator random) {
        this.random = random;
    }

    void reset() {
        currentNanos = INITIAL_NANOS;
    }

    /** The next wait: the current interval ± 50 %, after which the interval grows. */
    Duration next() {
        double delta = RANDOMIZATION * currentNanos;
        double min = currentNanos - delta;
        double max = currentNanos + delta;
        long wait = (long) (min + random.nextDouble() * (max - min + 1));
        if (currentNanos >= MAX_NANOS / MULTIPLIER) {
            currentNanos = MAX_NANOS;
        } else {
            currentNanos = (long) (currentNanos * MULTIPLIER);
        }
        return Duration.ofNanos(wait);
    }
}
