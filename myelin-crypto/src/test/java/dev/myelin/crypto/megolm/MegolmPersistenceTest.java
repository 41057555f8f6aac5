package dev.myelin.crypto.megolm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MegolmPersistenceTest {
    private static final SecretBytes KEY = SecretBytes.copyOf(new byte[32]);

    @Test
    void groupSessions_afterPickleRoundTrip_continue() {
        var outbound = OutboundGroupSession.create(new Random(9));
        var inbound = InboundGroupSession.fromSessionKey(outbound.sessionKey());
        MegolmMessage early = outbound.encrypt("early".getBytes(UTF_8));
        inbound.decrypt(outbound.encrypt("seen".getBytes(UTF_8)));

        var restoredOut = OutboundGroupSession.unpickle(outbound.pickle(KEY), KEY);
        var restoredIn = InboundGroupSession.unpickle(inbound.pickle(KEY), KEY);
        assertThat(restoredOut.sessionId()).isEqualTo(outbound.sessionId());
        assertThat(restoredOut.messageIndex()).isEqualTo(2);
        assertThat(restoredIn.decrypt(restoredOut.encrypt("later".getBytes(UTF_8))).plaintext())
                .isEqualTo("later".getBytes(UTF_8));
        assertThat(restoredIn.decrypt(early).plaintext()).isEqualTo("early".getBytes(UTF_8));
        assertThat(restoredIn.isSignatureVerified()).isTrue();
    }

    @Test
    void pickle_wrongKindOrTampering_isRejected() {
        byte[] pickled = OutboundGroupSession.create(new Random(10)).pickle(KEY);
        assertThatThrownBy(() -> InboundGroupSession.unpickle(pickled, KEY)).isInstanceOf(MegolmException.class);
        byte[] tampered = pickled.clone();
        tampered[20] ^= 1;
        assertThatThrownBy(() -> OutboundGroupSession.unpickle(tampered, KEY)).isInstanceOf(MegolmException.class);
    }
}
