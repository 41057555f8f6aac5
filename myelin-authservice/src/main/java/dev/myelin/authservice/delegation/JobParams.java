package dev.myelin.authservice.delegation;

import java.util.Objects;

/**
 * What a delegation watches and what it sends.
 *
 * @param serverName     the user's homeserver, whose client-server API gets the restart and send calls
 * @param delayId        the delayed leave event's id on that homeserver
 * @param delayTimeoutNs the delay as Go holds it: nanoseconds after a wrapping multiplication, positive once accepted
 * @param key            the LiveKit room and participant identity to watch
 */
public record JobParams(String serverName, String delayId, long delayTimeoutNs, JobKey key) {
    public JobParams {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(delayId, "delayId");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Upstream's one job-creation check; the request validation already refused non-positive milliseconds, so only
     * a multiplication that wrapped can fail here.
     *
     * @throws InvalidDelayException with upstream's message (sent to the client as {@code M_BAD_JSON})
     */
    public static JobParams of(String serverName, String delayId, long delayTimeoutMillis, JobKey key) {
        long nanos = GoDuration.fromMillis(delayTimeoutMillis);
        if (nanos <= 0) {
            throw new InvalidDelayException(
                    "invalid delay timeout for delayed event job: " + GoDuration.format(nanos));
        }
        return new JobParams(serverName, delayId, nanos, key);
    }

    /** The delay cannot be watched. */
    public static final class InvalidDelayException extends RuntimeException {
        InvalidDelayException(String message) {
            super(message);
        }
    }
}
