package dev.myelin.homeserver;

import java.util.Objects;

/**
 * Limits on MSC4140 delayed events.
 *
 * @param maxDelayMs  the longest delay accepted (Element Call deployments use 24 h)
 * @param maxPerUser  scheduled rows one user may hold at once; more is a 429
 * @param management  per-user (or, without a token, per delayed event) limit on cancel, restart, send and listing
 * @param retentionMs how long sent, cancelled and failed events stay listable
 */
public record DelayedEventLimits(long maxDelayMs, int maxPerUser, RateLimit management, long retentionMs) {
    /** 24 h, 100 per user, Element Call's {@code rc_delayed_event_mgmt} (1/s, burst 20), kept 7 days. */
    public static final DelayedEventLimits DEFAULT = new DelayedEventLimits(86_400_000L, 100, new RateLimit(1, 20),
            7L * 86_400_000L);

    public DelayedEventLimits {
        Objects.requireNonNull(management, "management");
        if (maxDelayMs < 1) {
            throw new IllegalArgumentException("maxDelayMs must be positive, not " + maxDelayMs);
        }
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be positive, not " + maxPerUser);
        }
        if (retentionMs < 0) {
            throw new IllegalArgumentException("retentionMs must not be negative, not " + retentionMs);
        }
    }
}
