package dev.myelin.crypto.olm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OlmPersistenceTest {
    private static final SecretBytes KEY = SecretBytes.copyOf(new byte[32]);
    private static final SecretBytes OTHER_KEY = SecretBytes.copyOf(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});

    @Test
    void account_afterPickleRoundTrip_keepsKeysAndOpensSessions() {
        var random = new Random(1);
        OlmAccount bob = OlmAccount.create(random);
        bob.generateOneTimeKeys(3);
        bob.generateFallbackKey();
        bob.generateFallbackKey();
        Curve25519PublicKey otk = bob.unpublishedOneTimeKeys().values().iterator().next();

        OlmAccount restored = OlmAccount.unpickle(bob.pickle(KEY), KEY, random);
        assertThat(restored.curve25519Key()).isEqualTo(bob.curve25519Key());
        assertThat(restored.ed25519Key()).isEqualTo(bob.ed25519Key());
        assertThat(restored.unpublishedOneTimeKeys()).isEqualTo(bob.unpublishedOneTimeKeys());
        assertThat(restored.unpublishedFallbackKey()).isEqualTo(bob.unpublishedFallbackKey());
        assertThat(restored.deviceKeys("@b:x", "B")).isEqualTo(bob.deviceKeys("@b:x", "B"));

        OlmAccount alice = OlmAccount.create(new Random(2));
        PreKeyMessage first = (PreKeyMessage) alice.createOutboundSession(bob.curve25519Key(), otk)
                .encrypt("hi".getBytes(UTF_8));
        assertThat(restored.createInboundSession(alice.curve25519Key(), first).plaintext()).isEqualTo("hi".getBytes(UTF_8));
    }

    @Test
    void session_afterPickleRoundTripMidConversation_continuesBothWays() {
        OlmAccount alice = OlmAccount.create(new Random(3));
        OlmAccount bob = OlmAccount.create(new Random(4));
        bob.generateOneTimeKeys(1);
        OlmSession aliceSession = alice.createOutboundSession(bob.curve25519Key(),
                bob.unpublishedOneTimeKeys().values().iterator().next());
        OlmSession bobSession = bob.createInboundSession(alice.curve25519Key(),
                (PreKeyMessage) aliceSession.encrypt("a".getBytes(UTF_8))).session();
        OlmMessage skipped = bobSession.encrypt("skipped".getBytes(UTF_8));
        aliceSession.decrypt(bobSession.encrypt("b".getBytes(UTF_8)));

        OlmSession restoredAlice = OlmSession.unpickle(aliceSession.pickle(KEY), KEY, new Random(5));
        OlmSession restoredBob = OlmSession.unpickle(bobSession.pickle(KEY), KEY, new Random(6));
        assertThat(restoredAlice.sessionId()).isEqualTo(aliceSession.sessionId());
        assertThat(restoredAlice.decrypt(skipped)).isEqualTo("skipped".getBytes(UTF_8));
        assertThat(restoredBob.decrypt(restoredAlice.encrypt("c".getBytes(UTF_8)))).isEqualTo("c".getBytes(UTF_8));
        assertThat(restoredAlice.decrypt(restoredBob.encrypt("d".getBytes(UTF_8)))).isEqualTo("d".getBytes(UTF_8));
    }

    @Test
    void pickle_wrongKeyTamperingOrWrongKind_isRejected() {
        OlmAccount account = OlmAccount.create(new Random(7));
        byte[] pickled = account.pickle(KEY);
        assertThatThrownBy(() -> OlmAccount.unpickle(pickled, OTHER_KEY, new Random())).isInstanceOf(OlmException.class);
        byte[] tampered = pickled.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThatThrownBy(() -> OlmAccount.unpickle(tampered, KEY, new Random())).isInstanceOf(OlmException.class);
        assertThatThrownBy(() -> OlmSession.unpickle(pickled, KEY, new Random())).isInstanceOf(OlmException.class);
        assertThat(new String(pickled, UTF_8)).doesNotContain(account.curve25519Key().toBase64());
    }
}
