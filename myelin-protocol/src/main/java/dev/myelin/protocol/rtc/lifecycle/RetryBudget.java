package dev.myelin.protocol.rtc.lifecycle;

import dev.myelin.protocol.rtc.lifecycle.MembershipLifecycle.Job;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.LocalTimeout;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.NetworkError;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.RateLimited;
import java.util.EnumMap;
import java.util.Map;

/**
 * Retries per kind of request: rate limits wait as told (or a fallback) and network errors a fixed delay, each up to
 * its own maximum; a local timeout is retried at once and not counted. Counts reset when the kind succeeds.
 */
final class RetryBudget {
    private final LifecycleConfig config;
    private final Map<Job, Integer> networkRetries = new EnumMap<>(Job.class);
    private final Map<Job, Integer> rateLimitRetries = new EnumMap<>(Job.class);

    RetryBudget(LifecycleConfig config) {
        this.config = config;
    }

    boolean isRetryable(RequestOutcome outcome) {
        return outcome instanceof RateLimited || outcome instanceof NetworkError || outcome instanceof LocalTimeout;
    }

    /** Schedules a retry of {@code job} in {@code due}; false when the budget for this kind of failure is spent. */
    boolean retry(Job job, RequestOutcome outcome, long now, Map<Job, Long> due) {
        switch (outcome) {
            case RateLimited limited -> {
                if (rateLimitRetries.merge(job, 1, Integer::sum) > config.rateLimitMaxRetries()) {
                    return false;
                }
                due.put(job, now + limited.retryAfterMs().orElse(config.rateLimitFallbackMs()));
            }
            case NetworkError ignored -> {
                if (networkRetries.merge(job, 1, Integer::sum) > config.networkMaxRetries()) {
                    return false;
                }
                due.put(job, now + config.networkRetryDelayMs());
            }
            case LocalTimeout ignored -> due.put(job, now);
            default -> throw new IllegalArgumentException("not retryable: " + outcome);
        }
        return true;
    }

    void reset(Job job) {
        networkRetries.remove(job);
        rateLimitRetries.remove(job);
    }
}
