package dev.myelin.authservice.delegation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One retry loop as upstream runs it ({@code backoff.Retry} with {@code WithMaxElapsedTime}): after a failed attempt
 * the next wait is the back-off's (or the server's {@code Retry-After}, which also resets the back-off), and the loop
 * gives up when the time since its start plus that wait would exceed the budget.
 */
final class RetrySchedule {
    private final ExponentialBackoff backoff;
    private final Instant startedAt;
    private final Duration budget;

    RetrySchedule(ExponentialBackoff backoff, Instant startedAt, Duration budget) {
        this.backoff = backoff;
        this.startedAt = startedAt;
        this.budget = budget;
        backoff.reset();
    }

    /** When to try again after a failure at {@code now}, or empty to give up. */
    Optional<Instant> afterFailure(Instant now, Optional<Duration> retryAfter) {
        Duration wait = backoff.next();
        if (retryAfter.isPresent()) {
            wait = retryAfter.get();
            backoff.reset();
        }
        if (budget.isPositive() && Duration.between(startedAt, now).plus(wait).compareTo(budget) > 0) {
            return Optional.empty();
        }
        return Optional.of(now.plus(wait));
    }
}
