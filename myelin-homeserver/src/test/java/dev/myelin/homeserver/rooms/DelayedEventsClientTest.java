package dev.myelin.homeserver.rooms;

import static dev.myelin.homeserver.rooms.DelayedEventsTest.DELAYED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The calls myelin-client's membership runtime makes for its delayed leave, against this server. */
@ExtendWith(HomeserverExtension.class)
class DelayedEventsClientTest {
    private static final String DELAY = "org.matrix.msc4140.delay";

    @Test
    void clientDelayedLeave_scheduleRestartAndCancelSucceedAndAFinishedIdIsNotFound(Homeserver server) {
        Session session = MatrixClient.connect(server.baseUri()).register("rtc", "pw");
        RoomId room = session.createRoom(JsonObject.EMPTY);

        JsonObject scheduled = session.sendState(room, "org.matrix.msc3401.call.member", "_" + session.user()
                + "_" + session.device().value(), JsonObject.EMPTY, Map.of(DELAY, "8000"));
        String delayId = scheduled.string("delay_id");
        session.updateDelayedEvent(delayId, "restart", Duration.ofSeconds(5));
        session.updateDelayedEvent(delayId, "cancel", Duration.ofSeconds(5));
        JsonObject finalised = session.get(DELAYED + "/" + delayId, Map.of());

        assertThat(finalised.string("status")).isEqualTo("cancelled");
        assertThatThrownBy(() -> session.updateDelayedEvent(delayId, "send", Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
