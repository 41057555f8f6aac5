package dev.myelin.homeserver.http;

import dev.myelin.homeserver.RateLimit;
import dev.myelin.protocol.error.MatrixException;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a user id, an account, a client address). An action over the limit is a 429 {@code M_LIMIT_EXCEEDED} with
 * {@code retry_after_ms}; the HTTP edge adds {@code Retry-After}. Buckets live in memory: a restart forgives.
 */
public final class RateLimiter {
    private final RateLimit limit;
    private final InstantSource clock;
    /** Beyond this many keys, refilled buckets are dropped. */
    static final int MAX_KEYS = 50_000;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimit limit, InstantSource clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Takes one token for {@code key}, or throws the 429. */
    public void acquire(String key) {
        take(key, true);
    }

    /** Throws the 429 if {@code key} has no token left, without taking one (spent later, on success or failure). */
    public void check(String key) {
        take(key, false);
    }

    private void take(String key, boolean consume) {
        long now = clock.millis();
        if (buckets.size() > MAX_KEYS) {
            // Many addresses (an IPv6 sweep): forget those whose bucket has refilled; they start full again anyway.
            buckets.values().removeIf(bucket -> bucket.isFull(limit, now));
        }
        long waitMs = buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), now)).take(limit, now, consume);
        if (waitMs > 0) {
            throw MatrixException.limitExceeded(waitMs);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedMs;

        Bucket(double tokens, long nowMs) {
            this.tokens = tokens;
            this.updatedMs = nowMs;
        }

        /** 0 if a token was there (and taken, if {@code consume}), else how long until one is available. */
        synchronized long take(RateLimit limit, long nowMs, boolean consume) {
            refill(limit, nowMs);
            if (tokens >= 1) {
                if (consume) {
                    tokens -= 1;
                }
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / limit.perSecond() * 1000);
        }

        synchronized boolean isFull(RateLimit limit, long nowMs) {
            refill(limit, nowMs);
            return tokens >= limit.burst();
        }

        private void refill(RateLimit limit, long nowMs) {
            tokens = Math.min(limit.burst(), tokens + Math.max(0, nowMs - updatedMs) / 1000.0 * limit.perSecond());
            updatedMs = Math.max(updatedMs, nowMs);
        }
    }
}
