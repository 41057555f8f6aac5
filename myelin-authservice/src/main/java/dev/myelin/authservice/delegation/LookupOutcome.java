package dev.myelin.authservice.delegation;

/** GetParticipant's answer, as upstream's {@code LiveKitParticipantExists} reads it. */
public enum LookupOutcome {
    /** The SFU knows the participant. */
    PRESENT,
    /** The SFU answered Twirp {@code not_found}. */
    ABSENT,
    /** Anything else: presence unknown. */
    FAILED
}
