package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.Json;
import org.junit.jupiter.api.Test;

/** Reading LiveKit's protojson WebhookEvent: field names, enum forms, and what is not routed. */
class SfuWebhookTest {
    private static JobEvent event(String json) {
        return SfuWebhook.participantEvent(Json.parseObject(json)).map(SfuWebhook.Delivery::event).orElse(null);
    }

    @Test
    void disconnectReason_acceptsJsonOrProtoNameAndNameOrNumber() {
        String base = "{\"event\":\"participant_left\",\"room\":{\"name\":\"r\"},\"participant\":{\"identity\":\"i\",%s}}";

        assertThat(event(base.formatted("\"disconnectReason\":\"CLIENT_INITIATED\"")))
                .isEqualTo(new JobEvent.ParticipantLeft(true));
        assertThat(event(base.formatted("\"disconnect_reason\":1"))).isEqualTo(new JobEvent.ParticipantLeft(true));
        assertThat(event(base.formatted("\"disconnectReason\":\"DUPLICATE_IDENTITY\"")))
                .isEqualTo(new JobEvent.ParticipantLeft(false));
        assertThat(event(base.formatted("\"sid\":\"PA_1\""))).isEqualTo(new JobEvent.ParticipantLeft(false));
    }

    @Test
    void participantEvents_areRoutedByRoomNameAndIdentity() {
        var delivery = SfuWebhook.participantEvent(Json.parseObject(
                "{\"event\":\"participant_connection_aborted\",\"room\":{\"name\":\"r\",\"sid\":\"RM\"},"
                        + "\"participant\":{\"identity\":\"i\"},\"unknownField\":true}")).orElseThrow();

        assertThat(delivery.key()).isEqualTo(new JobKey("r", "i"));
        assertThat(delivery.event()).isEqualTo(new JobEvent.ParticipantLeft(false));
        assertThat(event("{\"event\":\"participant_joined\",\"room\":{\"name\":\"r\"},\"participant\":{\"identity\":\"i\"}}"))
                .isEqualTo(new JobEvent.ParticipantJoined());
    }

    @Test
    void otherEventsAndIncompleteOnes_areNotRouted() {
        assertThat(event("{\"event\":\"room_finished\",\"room\":{\"name\":\"r\"}}")).isNull();
        assertThat(event("{\"event\":\"track_published\",\"room\":{\"name\":\"r\"},\"participant\":{\"identity\":\"i\"}}"))
                .isNull();
        assertThat(event("{\"event\":\"participant_joined\",\"participant\":{\"identity\":\"i\"}}")).isNull();
        assertThat(event("{\"event\":\"participant_joined\",\"room\":{\"name\":\"r\"}}")).isNull();
    }
}
