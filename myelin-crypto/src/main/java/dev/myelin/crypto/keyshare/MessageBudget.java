package dev.myelin.crypto.keyshare;

/** A token bucket of to-device messages per minute, refilled continuously; unlimited when the rate is 0. */
final class MessageBudget {
    private static final long MINUTE_MS = 60_000;
    private final long perMinute;
    private double tokens;
    private long refilledAt;

    MessageBudget(long perMinute, long now) {
        this.perMinute = perMinute;
        this.tokens = perMinute;
        this.refilledAt = now;
    }

    /** Takes {@code count} tokens if available; false leaves the bucket as it was. */
    boolean tryTake(int count, long now) {
        if (perMinute == 0) {
            return true;
        }
        refill(now);
        if (tokens < Math.min(count, perMinute)) {
            return false;
        }
        tokens -= count;
        return true;
    }

    /** Takes {@code count} tokens even if that goes negative (for sends that must not wait). */
    void take(int count, long now) {
        if (perMinute != 0) {
            refill(now);
            tokens -= count;
        }
    }

    /** When {@code count} tokens will be there. */
    long availableAt(int count, long now) {
        if (perMinute == 0) {
            return now;
        }
        refill(now);
        double missing = Math.min(count, perMinute) - tokens;
        return missing <= 0 ? now : now + (long) Math.ceil(missing * MINUTE_MS / perMinute);
    }

    private void refill(long now) {
        if (now > refilledAt) {
            tokens = Math.min(perMinute, tokens + (double) (now - refilledAt) * perMinute / MINUTE_MS);
            refilledAt = now;
        }
    }
}
