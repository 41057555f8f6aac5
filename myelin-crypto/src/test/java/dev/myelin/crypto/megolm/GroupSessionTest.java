package dev.myelin.crypto.megolm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.Vectors;
import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.json.JsonObject;
import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupSessionTest {
    private static final JsonObject V = Vectors.olmMegolm().object("megolm_group_session");

    @Test
    void libolmKnownAnswer_decryptsToMessage() {
        var session = InboundGroupSession.fromSessionKey(V.string("session_key_base64"));
        DecryptedGroupMessage decrypted = session.decrypt(MegolmMessage.fromBase64(V.string("message_base64")));
        assertThat(new String(decrypted.plaintext(), UTF_8)).isEqualTo(V.string("plaintext"));
        assertThat(decrypted.messageIndex()).isEqualTo(V.integer("index"));
        assertThat(session.isSignatureVerified()).isTrue();
    }

    @Test
    void libolmKnownAnswer_withBadSignature_isRejected() {
        var session = InboundGroupSession.fromSessionKey(V.string("session_key_base64"));
        byte[] message = Base64Unpadded.decode(V.string("message_base64"));
        message[message.length - 1] ^= 0x01;
        assertThatThrownBy(() -> session.decrypt(MegolmMessage.decode(message)))
                .isInstanceOf(MegolmException.class).hasMessage("Megolm message failed to decrypt");
    }

    @Test
    void sessionKey_withBadSignature_isRejected() {
        byte[] key = Base64Unpadded.decode(V.string("session_key_base64"));
        key[10] ^= 0x01;
        assertThatThrownBy(() -> InboundGroupSession.fromSessionKey(Base64Unpadded.encode(key)))
                .isInstanceOf(MegolmException.class);
    }

    @Test
    void roundTrip_outOfOrderAndLateJoiner_decrypt() {
        var outbound = OutboundGroupSession.create(new Random(7));
        var inbound = InboundGroupSession.fromSessionKey(outbound.sessionKey());
        assertThat(inbound.sessionId()).isEqualTo(outbound.sessionId());
        var messages = new ArrayList<MegolmMessage>();
        for (int i = 0; i < 300; i++) {
            messages.add(outbound.encrypt(("m" + i).getBytes(UTF_8)));
        }
        for (int i : new int[] {299, 3, 150, 0, 298}) {
            DecryptedGroupMessage decrypted = inbound.decrypt(messages.get(i));
            assertThat(decrypted.plaintext()).isEqualTo(("m" + i).getBytes(UTF_8));
            assertThat(decrypted.messageIndex()).isEqualTo(i);
        }
        var late = InboundGroupSession.fromSessionKey(outbound.sessionKey());
        assertThat(late.firstKnownIndex()).isEqualTo(300);
        assertThatThrownBy(() -> late.decrypt(messages.get(299))).isInstanceOf(MegolmException.class);
        assertThat(late.decrypt(outbound.encrypt("late".getBytes(UTF_8))).plaintext()).isEqualTo("late".getBytes(UTF_8));
    }

    @Test
    void exportAndImport_fromIndex_decryptsOnlyFromThere() {
        var outbound = OutboundGroupSession.create(new Random(8));
        var inbound = InboundGroupSession.fromSessionKey(outbound.sessionKey());
        var messages = new ArrayList<MegolmMessage>();
        for (int i = 0; i < 10; i++) {
            messages.add(outbound.encrypt(("m" + i).getBytes(UTF_8)));
        }
        var imported = InboundGroupSession.importSession(inbound.export(4));
        assertThat(imported.firstKnownIndex()).isEqualTo(4);
        assertThat(imported.isSignatureVerified()).isFalse();
        assertThat(imported.decrypt(messages.get(9)).plaintext()).isEqualTo("m9".getBytes(UTF_8));
        assertThat(imported.decrypt(messages.get(4)).plaintext()).isEqualTo("m4".getBytes(UTF_8));
        assertThatThrownBy(() -> imported.decrypt(messages.get(3))).isInstanceOf(MegolmException.class);
    }

    @Test
    void malformedMessagesAndKeys_areRejected() {
        assertThatThrownBy(() -> MegolmMessage.fromBase64("AwgA")).isInstanceOf(MegolmException.class);
        assertThatThrownBy(() -> MegolmMessage.fromBase64("!!")).isInstanceOf(MegolmException.class);
        assertThatThrownBy(() -> InboundGroupSession.fromSessionKey("AgAA")).isInstanceOf(MegolmException.class);
        assertThatThrownBy(() -> InboundGroupSession.importSession("AQAA")).isInstanceOf(MegolmException.class);
    }
}
