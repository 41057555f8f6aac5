package dev.myelin.authservice.delegation;

/** The outbound calls a delegation makes; blocking, run on virtual threads, never throwing. */
public interface DelegationCalls {
    /** {@code POST {cs}/_matrix/client/unstable/org.matrix.msc4140/delayed_events/{delayId}/{restart|send}}. */
    DelayedEventOutcome delayedEvent(String serverName, String delayId, JobAction.DelayedEventCall call);

    /** Twirp {@code RoomService/GetParticipant}. */
    LookupOutcome lookUpParticipant(String room, String identity);
}
