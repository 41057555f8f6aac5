package dev.myelin.authservice.delegation;

import java.time.Instant;

/** What a delegation job asks its I/O layer to do. Every answer comes back as a {@link JobEvent} with the token. */
public sealed interface JobAction {
    /** The job's timers; each kind has at most one that matters at a time. */
    enum Timer {
        /** Give up waiting for the participant to connect. */
        WAITING,
        /** Restart the delayed event again (80 % of the delay after the last restart). */
        RESTART_DUE,
        /** Retry a failed restart. */
        RESTART_RETRY,
        /** Retry a failed send. */
        SEND_RETRY,
        /** Look the participant up on the SFU again. */
        LOOKUP
    }

    /** Which delayed-events call: {@code POST …/delayed_events/{id}/restart} or {@code …/send}. */
    enum DelayedEventCall {
        RESTART("restart"), SEND("send");

        private final String path;

        DelayedEventCall(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    record Wake(Timer timer, long token, Instant at) implements JobAction {
    }

    /**
     * @param firstAttempt the first attempt of a retry loop: upstream resolves the client-server API once, before it,
     *                     so only there does an unresolvable server end the loop
     */
    record CallDelayedEvent(long token, DelayedEventCall call, boolean firstAttempt) implements JobAction {
    }

    record LookUpParticipant(long token) implements JobAction {
    }

    /** The homeserver accepted a restart at this time: worth remembering across a service restart. */
    record Restarted(Instant at) implements JobAction {
    }

    /** The job is over (sent, aborted or replaced): cancel its timers and forget it. */
    record Finish() implements JobAction {
    }
}
