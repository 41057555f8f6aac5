package dev.myelin.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calls the membership runtime makes for its delayed leave, against the real homeserver. */
class DelayedLeaveCallsTest {
    private static final String DELAY = "org.matrix.msc4140.delay";
    private static final String DELAYED = "/_matrix/client/unstable/org.matrix.msc4140/delayed_events";

    @TempDir
    Path data;

    @Test
    void clientDelayedLeave_scheduleRestartAndCancelSucceedAndAFinishedIdIsNotFound() {
        try (var server = Homeserver.start(HomeserverConfig.builder(ServerName.of("delayed.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build())) {
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
                    .isInstanceOfSatisfying(MatrixException.class, e -> {
                        // A conflicting action on a finished event: 404, the errcode js-sdk reads as "gone".
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.errcode().value()).isEqualTo("M_NOT_FOUND");
                    });
        }
    }
}
