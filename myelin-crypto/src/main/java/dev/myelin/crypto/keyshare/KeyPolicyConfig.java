package dev.myelin.crypto.keyshare;

/**
 * Tuning of {@link MyelinKeyPolicy}.
 *
 * @param graceMs               a joiner within this age of the key in use gets that key and no rotation follows
 * @param useKeyDelayMs         a new key goes into use this long after it was sent
 * @param leaveDebounceMs       leaves within this window share one rotation
 * @param minRotationIntervalMs rotations are at least this far apart (bursts of churn coalesce)
 * @param maxKeyLifetimeMs      a key in use this long is replaced even without churn
 * @param retryBaseDelayMs      first retry delay for failed recipients; doubles per attempt
 * @param maxRetries            retries to a failed recipient that double the delay; later ones keep the last delay
 *                              while the key (or epoch) is current and the recipient remains (neither policy gives up:
 *                              a member without the key in use stays blacked out until it gets it)
 * @param messagesPerMinute     rotation sends wait while they would exceed this budget (retries and joiners' keys
 *                              are never held back); {@code 0} means no budget
 */
public record KeyPolicyConfig(
        long graceMs,
        long useKeyDelayMs,
        long leaveDebounceMs,
        long minRotationIntervalMs,
        long maxKeyLifetimeMs,
        long retryBaseDelayMs,
        int maxRetries,
        long messagesPerMinute) {

    public KeyPolicyConfig {
        if (graceMs < 0 || useKeyDelayMs < 0 || leaveDebounceMs < 0 || minRotationIntervalMs < 0
                || maxKeyLifetimeMs <= 0 || retryBaseDelayMs <= 0 || maxRetries < 0 || messagesPerMinute < 0) {
            throw new IllegalArgumentException("invalid key policy settings: " + this);
        }
    }

    /** The defaults: js-sdk's grace and use delay, with coalescing, retries and matrix-rust-rtc's key lifetime. */
    public static KeyPolicyConfig defaults() {
        return new KeyPolicyConfig(10_000, 1_000, 500, 2_000, 5_400_000, 1_000, 4, 0);
    }

    public KeyPolicyConfig withMessagesPerMinute(long budget) {
        return new KeyPolicyConfig(graceMs, useKeyDelayMs, leaveDebounceMs, minRotationIntervalMs, maxKeyLifetimeMs,
                retryBaseDelayMs, maxRetries, budget);
    }
}
