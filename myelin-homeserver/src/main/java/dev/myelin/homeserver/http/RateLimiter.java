package dev.myelin.homeserver.http;

import dev.myelin.homeserver.RateLimit;
import dev.myelin.protocol.error.MatrixException;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a user id). An action over the limit is a 429 {@code M_LIMIT_EXCEEDED} with
 * {@code retry_after_ms}; the HTTP edge adds {@code Retry-After}. Buckets live in memory: a restart forgives.
 */
public final class RateLimiter {
    private final RateLimit limit;
    private final InstantSource clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimit limit, InstantSource clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Takes one token for {@code key}, or throws the 429. */
    public void acquire(String key) {
        long waitMs = buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), clock.millis()))
                .take(limit, clock.millis());
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

        /** 0 if a token was taken, else how long until one is available. */
        synchronized long take(RateLimit limit, long nowMs) {
            tokens = Math.min(limit.burst(), tokens + Math.max(0, nowMs - updatedMs) / 1000.0 * limit.perSecond());
            updatedMs = nowMs;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / limit.perSecond() * 1000);
        }
    }
}
