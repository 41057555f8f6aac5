package dev.myelin.crypto.keyshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.id.RoomId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EpochKeyContentTest {
    private static final SecretBytes SECRET = SecretBytes.copyOf(filled(32, 7));

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static EpochKeyContent content() {
        return new EpochKeyContent(RoomId.parse("!room:example.org"), "m.call#ROOM",
                new EpochId(12, new ParticipantId("@alice:example.org:AAAAAAA")), SECRET, 300, "member-1", "AAAAAAA",
                1_767_225_600_123L);
    }

    @Test
    void toJson_writesTheDocumentedShape() {
        assertThat(Json.canonical(content().toJson())).isEqualTo("{\"epoch\":{\"counter\":12,\"distributor\":"
                + "\"@alice:example.org:AAAAAAA\"},\"member\":{\"claimed_device_id\":\"AAAAAAA\",\"id\":\"member-1\"},"
                + "\"room_id\":\"!room:example.org\",\"secret\":\"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc\","
                + "\"sent_ts\":1767225600123,\"slot_id\":\"m.call#ROOM\",\"use_in_ms\":300,\"version\":1}");
    }

    @Test
    void parse_ofToJson_roundTrips() {
        EpochKeyContent parsed = EpochKeyContent.parse(content().toJson());

        assertThat(parsed.epoch()).isEqualTo(content().epoch());
        assertThat(parsed.secret().equalsConstantTime(SECRET)).isTrue();
        assertThat(parsed.room()).isEqualTo(content().room());
        assertThat(parsed.slotId()).isEqualTo("m.call#ROOM");
        assertThat(parsed.memberId()).isEqualTo("member-1");
        assertThat(parsed.claimedDeviceId()).isEqualTo("AAAAAAA");
        assertThat(parsed.sentTs()).isEqualTo(1_767_225_600_123L);
        assertThat(parsed.useInMs()).isEqualTo(300);
    }

    @Test
    void parse_withoutUseIn_defaultsToTheUsualDelay() {
        assertThat(EpochKeyContent.parse(content().toJson().without("use_in_ms")).useInMs()).isEqualTo(1_000);
    }

    @Test
    void parse_acceptsPaddedSecretAndIgnoresUnknownFields() {
        JsonObject json = content().toJson().with("secret", dev.myelin.json.JsonValue.of(
                "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=")).with("future", dev.myelin.json.JsonValue.of(true));

        assertThat(EpochKeyContent.parse(json).secret().equalsConstantTime(SECRET)).isTrue();
    }

    @Test
    void parse_otherVersion_isRefused() {
        JsonObject json = content().toJson().with("version", dev.myelin.json.JsonValue.of(2));

        assertThatThrownBy(() -> EpochKeyContent.parse(json)).isInstanceOf(JsonShapeException.class)
                .hasMessageContaining("version");
    }

    @Test
    void parse_secretOfWrongLength_isRefused() {
        JsonObject json = content().toJson().with("secret", dev.myelin.json.JsonValue.of("AAAA"));

        assertThatThrownBy(() -> EpochKeyContent.parse(json)).isInstanceOf(JsonShapeException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void parse_negativeCounterOrMissingMember_isRefused() {
        JsonObject negative = content().toJson().with("epoch", JsonObject.builder().put("counter", -1)
                .put("distributor", "x").build());
        JsonObject noMember = content().toJson().without("member");

        assertThatThrownBy(() -> EpochKeyContent.parse(negative)).isInstanceOf(JsonShapeException.class);
        assertThatThrownBy(() -> EpochKeyContent.parse(noMember)).isInstanceOf(JsonShapeException.class);
    }

    @Test
    void advertisedBy_readsTheCapabilityFieldAndTreatsMalformedAsAbsent() {
        JsonObject capable = JsonObject.builder().put("application", "m.call")
                .put(EpochKeyContent.CAPABILITY_FIELD, EpochKeyContent.capability()).build();
        JsonObject legacy = JsonObject.builder().put("application", "m.call").build();
        JsonObject malformed = JsonObject.builder().put(EpochKeyContent.CAPABILITY_FIELD, "yes").build();
        JsonObject otherVersion = Json.parseObject("{\"dev.myelin.call.epoch_key\":{\"versions\":[2]}}");

        assertThat(EpochKeyContent.advertisedBy(capable)).isTrue();
        assertThat(EpochKeyContent.advertisedBy(legacy)).isFalse();
        assertThat(EpochKeyContent.advertisedBy(malformed)).isFalse();
        assertThat(EpochKeyContent.advertisedBy(otherVersion)).isFalse();
    }
}
