package dev.myelin.authservice.delegation;

import dev.myelin.authservice.livekit.RoomServiceClient;
import java.lang.System.Logger.Level;
import java.util.Optional;

/** The real outbound calls: client-server API resolution, then MSC4140; RoomService for presence. */
public final class HttpDelegationCalls implements DelegationCalls {
    private static final System.Logger LOG = System.getLogger(HttpDelegationCalls.class.getName());

    private final ClientApiResolver clientApi;
    private final DelayedEventsClient delayedEvents;
    private final RoomServiceClient roomService;

    public HttpDelegationCalls(ClientApiResolver clientApi, DelayedEventsClient delayedEvents,
                               RoomServiceClient roomService) {
        this.clientApi = clientApi;
        this.delayedEvents = delayedEvents;
        this.roomService = roomService;
    }

    @Override
    public DelayedEventOutcome delayedEvent(String serverName, String delayId, JobAction.DelayedEventCall call) {
        Optional<String> base = clientApi.resolve(serverName);
        if (base.isEmpty()) {
            LOG.log(Level.WARNING, "cannot resolve the client-server API of {0}", serverName);
            return new DelayedEventOutcome.ClientApiUnresolved();
        }
        DelayedEventOutcome outcome = delayedEvents.call(base.get(), delayId, call);
        LOG.log(Level.DEBUG, "delayed event {0} {1}: {2}", delayId, call.path(), outcome);
        return outcome;
    }

    @Override
    public LookupOutcome lookUpParticipant(String room, String identity) {
        try {
            return roomService.participant(room, identity) == RoomServiceClient.Presence.PRESENT
                    ? LookupOutcome.PRESENT : LookupOutcome.ABSENT;
        } catch (RoomServiceClient.RoomServiceException e) {
            LOG.log(Level.DEBUG, "GetParticipant: {0}", e.getMessage());
            return LookupOutcome.FAILED;
        }
    }
}
