package dev.myelin.homeserver;

/**
 * A token-bucket limit: {@code burst} actions at once, refilled at {@code perSecond}.
 *
 * @param perSecond sustained rate; must be positive
 * @param burst     bucket size; at least 1
 */
public record RateLimit(double perSecond, int burst) {
    /** Element Call's self-hosting guide asks for this {@code rc_message} (Synapse's default is 0.2/s, 10). */
    public static final RateLimit MESSAGES = new RateLimit(0.5, 30);

    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be positive and finite, not " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, not " + burst);
        }
    }
}
