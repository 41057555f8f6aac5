package dev.myelin.authservice.delegation;

/** What a delegation job reacts to: the SFU's webhooks, its own timers and the answers to its calls. */
public sealed interface JobEvent {
    /** Webhook {@code participant_joined}. */
    record ParticipantJoined() implements JobEvent {
    }

    /**
     * Webhook {@code participant_left} or {@code participant_connection_aborted}.
     *
     * @param intentional the disconnect reason was {@code CLIENT_INITIATED}
     */
    record ParticipantLeft(boolean intentional) implements JobEvent {
    }

    /** A newer delegation for the same room and identity took over. */
    record Replaced() implements JobEvent {
    }

    /** A timer the job set went off; stale ones (token no longer awaited) are ignored. */
    record TimerFired(JobAction.Timer timer, long token) implements JobEvent {
    }

    /** The homeserver's answer to a restart or send call. */
    record DelayedEventAnswered(long token, DelayedEventOutcome outcome) implements JobEvent {
    }

    /** The SFU's answer to a GetParticipant call. */
    record ParticipantLookedUp(long token, LookupOutcome outcome) implements JobEvent {
    }
}
