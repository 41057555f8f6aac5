package dev.myelin.crypto.olm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.Vectors;
import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.crypto.internal.ProtoWriter;
import dev.myelin.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OlmMessageTest {
    private static final JsonObject MESSAGES = Vectors.olmMegolm().object("olm_messages");

    @Test
    void decode_vodozemacPreKeyMessage_roundTripsExactly() {
        String body = MESSAGES.string("pre_key_base64");
        OlmMessage message = OlmMessage.fromBase64(0, body);
        assertThat(message).isInstanceOf(PreKeyMessage.class);
        assertThat(message.toBase64()).isEqualTo(body);
        var preKey = (PreKeyMessage) message;
        assertThat(preKey.message().chainIndex()).isEqualTo(1);
    }

    @Test
    void decode_vodozemacNormalMessage_roundTripsExactly() {
        String body = MESSAGES.string("normal_base64");
        OlmMessage message = OlmMessage.fromBase64(1, body);
        assertThat(message).isInstanceOf(NormalMessage.class);
        assertThat(((NormalMessage) message).chainIndex()).isEqualTo(1);
        assertThat(message.toBase64()).isEqualTo(body);
    }

    @Test
    void decode_fieldsInAnyOrderWithUnknownField_isAccepted() {
        byte[] ratchet = new byte[32];
        Arrays.fill(ratchet, (byte) 7);
        byte[] bytes = new ProtoWriter().raw(3)
                .bytesField(4, new byte[16])
                .varintField(9, 12345)
                .varintField(2, 300)
                .bytesField(1, ratchet)
                .raw(new byte[8])
                .toByteArray();
        NormalMessage message = NormalMessage.decode(bytes);
        assertThat(message.chainIndex()).isEqualTo(300);
        assertThat(message.ratchetKey().toBytes()).isEqualTo(ratchet);
    }

    @Test
    void decode_wrongVersionTruncationOrMissingField_isRejected() {
        byte[] good = Base64Unpadded.decode(MESSAGES.string("normal_base64"));
        byte[] wrongVersion = good.clone();
        wrongVersion[0] = 2;
        assertThatThrownBy(() -> NormalMessage.decode(wrongVersion)).isInstanceOf(OlmException.class);
        assertThatThrownBy(() -> NormalMessage.decode(Arrays.copyOf(good, 20))).isInstanceOf(OlmException.class);
        assertThatThrownBy(() -> NormalMessage.decode(new byte[] {3})).isInstanceOf(OlmException.class);
        assertThatThrownBy(() -> PreKeyMessage.decode(new byte[] {3, 0x0A, 0x20})).isInstanceOf(OlmException.class);
        assertThatThrownBy(() -> OlmMessage.fromBase64(2, MESSAGES.string("normal_base64")))
                .isInstanceOf(OlmException.class);
        assertThatThrownBy(() -> OlmMessage.fromBase64(1, "not base64!")).isInstanceOf(OlmException.class);
    }
}
