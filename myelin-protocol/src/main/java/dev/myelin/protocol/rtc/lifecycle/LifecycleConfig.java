package dev.myelin.protocol.rtc.lifecycle;

/**
 * Timings of the own-membership lifecycle; the defaults are matrix-js-sdk 43's.
 *
 * @param delayedEventsSupported whether the server advertises {@code org.matrix.msc4140}; without it no delayed leave
 * @param delayedLeaveMs         delay of the delayed leave event
 * @param restartIntervalMs      how often the delayed leave is restarted
 * @param restartTimeoutMs       local timeout of a restart request (capped by the time left before the leave fires)
 * @param membershipPeriodMs     re-send period of the membership: min(legacy expiry unit, sticky duration)
 * @param legacyExpiresMs        the legacy {@code expires} unit; the n-th send carries (n + 1) units
 * @param resendHeadroomMs       how long before the period ends the membership is re-sent
 * @param networkRetryDelayMs    wait before retrying after a network error
 * @param networkMaxRetries      network retries per action type before giving up
 * @param rateLimitFallbackMs    wait after a rate limit that names no delay
 * @param rateLimitMaxRetries    rate-limit retries per action type before giving up
 */
public record LifecycleConfig(
        boolean delayedEventsSupported,
        long delayedLeaveMs,
        long restartIntervalMs,
        long restartTimeoutMs,
        long membershipPeriodMs,
        long legacyExpiresMs,
        long resendHeadroomMs,
        long networkRetryDelayMs,
        int networkMaxRetries,
        long rateLimitFallbackMs,
        int rateLimitMaxRetries) {

    public LifecycleConfig {
        if (delayedLeaveMs <= 0 || restartIntervalMs <= 0 || restartTimeoutMs <= 0 || membershipPeriodMs <= 0
                || legacyExpiresMs <= 0 || resendHeadroomMs < 0 || resendHeadroomMs >= membershipPeriodMs
                || networkRetryDelayMs < 0 || networkMaxRetries < 0 || rateLimitFallbackMs < 0
                || rateLimitMaxRetries < 0) {
            throw new IllegalArgumentException("invalid lifecycle timings: " + this);
        }
    }

    /** matrix-js-sdk 43's defaults, on a server with delayed events. */
    public static LifecycleConfig jsSdkDefaults() {
        return new LifecycleConfig(true, 8_000, 5_000, 2_000, 3_600_000, 14_400_000, 5_000, 3_000, 10, 5_000, 10);
    }

    public LifecycleConfig withDelayedEvents(boolean supported) {
        return new LifecycleConfig(supported, delayedLeaveMs, restartIntervalMs, restartTimeoutMs, membershipPeriodMs,
                legacyExpiresMs, resendHeadroomMs, networkRetryDelayMs, networkMaxRetries, rateLimitFallbackMs,
                rateLimitMaxRetries);
    }
}
