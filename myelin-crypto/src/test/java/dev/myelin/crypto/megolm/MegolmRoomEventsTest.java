package dev.myelin.crypto.megolm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MegolmRoomEventsTest {
    private static final String ROOM = "!room:example.org";
    private static final JsonObject BODY = JsonObject.builder().put("body", "hi").put("msgtype", "m.text").build();

    @Test
    void roomKeyThenEvent_decryptsWithTypeContentAndIndex() {
        var outbound = OutboundGroupSession.create(new Random(31));
        MegolmRoomEvents.RoomKey key = MegolmRoomEvents.parseRoomKey(MegolmRoomEvents.roomKeyContent(ROOM, outbound));
        assertThat(key.roomId()).isEqualTo(ROOM);
        JsonObject content = MegolmRoomEvents.encrypt(outbound, ROOM, "m.room.message", BODY);
        assertThat(content.members().keySet()).containsExactlyInAnyOrder("algorithm", "ciphertext", "session_id");

        MegolmRoomEvents.DecryptedRoomEvent event = MegolmRoomEvents.decrypt(key.session(), ROOM, content);
        assertThat(event.type()).isEqualTo("m.room.message");
        assertThat(event.content()).isEqualTo(BODY);
        assertThat(event.messageIndex()).isZero();
    }

    @Test
    void eventReplayedIntoAnotherRoom_isRejected() {
        var outbound = OutboundGroupSession.create(new Random(32));
        var session = InboundGroupSession.fromSessionKey(outbound.sessionKey());
        JsonObject content = MegolmRoomEvents.encrypt(outbound, ROOM, "m.room.message", BODY);
        assertThatThrownBy(() -> MegolmRoomEvents.decrypt(session, "!other:example.org", content))
                .isInstanceOf(MegolmException.class).hasMessageContaining("another room");
    }

    @Test
    void roomKeyWithWrongSessionId_orEventForOtherSession_isRejected() {
        var outbound = OutboundGroupSession.create(new Random(33));
        JsonObject keyContent = MegolmRoomEvents.roomKeyContent(ROOM, outbound);
        assertThatThrownBy(() -> MegolmRoomEvents.parseRoomKey(keyContent.with("session_id", JsonValue.of("x"))))
                .isInstanceOf(MegolmException.class);
        var other = InboundGroupSession.fromSessionKey(OutboundGroupSession.create(new Random(34)).sessionKey());
        JsonObject content = MegolmRoomEvents.encrypt(outbound, ROOM, "m.room.message", BODY);
        assertThatThrownBy(() -> MegolmRoomEvents.decrypt(other, ROOM, content)).isInstanceOf(MegolmException.class);
    }
}
