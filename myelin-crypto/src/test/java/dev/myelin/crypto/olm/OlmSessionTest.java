package dev.myelin.crypto.olm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.Curve25519PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OlmSessionTest {
    private OlmAccount alice;
    private OlmAccount bob;

    @BeforeEach
    void accounts() {
        long seed = new Random().nextLong();
        System.out.println("OlmSessionTest seed " + seed);
        alice = OlmAccount.create(new Random(seed));
        bob = OlmAccount.create(new Random(seed + 1));
    }

    private OlmSession aliceToBob() {
        bob.generateOneTimeKeys(1);
        Curve25519PublicKey otk = bob.unpublishedOneTimeKeys().values().iterator().next();
        return alice.createOutboundSession(bob.curve25519Key(), otk);
    }

    @Test
    void firstMessages_arePreKeyUntilReply_thenNormal() {
        OlmSession aliceSession = aliceToBob();
        OlmMessage first = aliceSession.encrypt("hello".getBytes(UTF_8));
        OlmMessage second = aliceSession.encrypt("again".getBytes(UTF_8));
        assertThat(first).isInstanceOf(PreKeyMessage.class);
        assertThat(second).isInstanceOf(PreKeyMessage.class);

        InboundSession inbound = bob.createInboundSession(alice.curve25519Key(), (PreKeyMessage) first);
        OlmSession bobSession = inbound.session();
        assertThat(new String(inbound.plaintext(), UTF_8)).isEqualTo("hello");
        assertThat(bobSession.sessionId()).isEqualTo(aliceSession.sessionId());
        assertThat(bobSession.matches((PreKeyMessage) second)).isTrue();
        assertThat(new String(bobSession.decrypt(second), UTF_8)).isEqualTo("again");

        OlmMessage reply = bobSession.encrypt("hi alice".getBytes(UTF_8));
        assertThat(reply).isInstanceOf(NormalMessage.class);
        assertThat(new String(aliceSession.decrypt(reply), UTF_8)).isEqualTo("hi alice");
        assertThat(aliceSession.encrypt("now normal".getBytes(UTF_8))).isInstanceOf(NormalMessage.class);
    }

    @Test
    void inboundSession_consumesOneTimeKeyOnlyAfterSuccess() {
        OlmSession aliceSession = aliceToBob();
        PreKeyMessage first = (PreKeyMessage) aliceSession.encrypt("x".getBytes(UTF_8));
        byte[] tampered = first.message().toBytes();
        tampered[tampered.length - 1] ^= 1;
        PreKeyMessage bad = PreKeyMessage.wrap(first.oneTimeKey(), first.baseKey(), first.identityKey(),
                NormalMessage.decode(tampered));

        assertThatThrownBy(() -> bob.createInboundSession(alice.curve25519Key(), bad)).isInstanceOf(OlmException.class);
        assertThat(bob.oneTimeKeys).hasSize(1);
        bob.createInboundSession(alice.curve25519Key(), first);
        assertThat(bob.oneTimeKeys).isEmpty();
        assertThatThrownBy(() -> bob.createInboundSession(alice.curve25519Key(), first))
                .isInstanceOf(OlmException.class).hasMessageContaining("unknown one-time key");
    }

    @Test
    void inboundSession_fromFallbackKey_keepsTheFallbackKey() {
        bob.generateFallbackKey();
        Curve25519PublicKey fallback = bob.unpublishedFallbackKey().values().iterator().next();
        OlmSession aliceSession = alice.createOutboundSession(bob.curve25519Key(), fallback);
        PreKeyMessage first = (PreKeyMessage) aliceSession.encrypt("x".getBytes(UTF_8));
        bob.createInboundSession(alice.curve25519Key(), first);
        OlmSession other = OlmAccount.create(new Random(5)).createOutboundSession(bob.curve25519Key(), fallback);
        PreKeyMessage second = (PreKeyMessage) other.encrypt("y".getBytes(UTF_8));
        assertThat(bob.createInboundSession(second.identityKey(), second).plaintext()).isEqualTo("y".getBytes(UTF_8));
    }

    @Test
    void inboundSession_wrongClaimedSender_isRejected() {
        PreKeyMessage first = (PreKeyMessage) aliceToBob().encrypt("x".getBytes(UTF_8));
        assertThatThrownBy(() -> bob.createInboundSession(bob.curve25519Key(), first)).isInstanceOf(OlmException.class);
    }

    @Test
    void manyRatchetTurns_withOutOfOrderDelivery_allDecrypt() {
        OlmSession aliceSession = aliceToBob();
        OlmSession bobSession = bob.createInboundSession(alice.curve25519Key(),
                (PreKeyMessage) aliceSession.encrypt("start".getBytes(UTF_8))).session();
        var random = new Random(42);
        for (int turn = 0; turn < 12; turn++) {
            OlmSession sender = turn % 2 == 0 ? bobSession : aliceSession;
            OlmSession receiver = turn % 2 == 0 ? aliceSession : bobSession;
            var sent = new ArrayList<String>();
            var messages = new ArrayList<OlmMessage>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                String text = "turn " + turn + " message " + i;
                sent.add(text);
                messages.add(sender.encrypt(text.getBytes(UTF_8)));
            }
            var order = new ArrayList<Integer>();
            for (int i = 0; i < messages.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            for (int i : order) {
                assertThat(new String(receiver.decrypt(messages.get(i)), UTF_8)).isEqualTo(sent.get(i));
            }
        }
    }

    @Test
    void replayedMessage_isRejected() {
        OlmSession aliceSession = aliceToBob();
        OlmSession bobSession = bob.createInboundSession(alice.curve25519Key(),
                (PreKeyMessage) aliceSession.encrypt("start".getBytes(UTF_8))).session();
        OlmMessage reply = bobSession.encrypt("one".getBytes(UTF_8));
        aliceSession.decrypt(reply);
        assertThatThrownBy(() -> aliceSession.decrypt(reply)).isInstanceOf(OlmException.class);
    }

    @Test
    void skippedKeys_beyondLimitAreForgotten_butLaterMessagesStillDecrypt() {
        OlmSession aliceSession = aliceToBob();
        OlmSession bobSession = bob.createInboundSession(alice.curve25519Key(),
                (PreKeyMessage) aliceSession.encrypt("start".getBytes(UTF_8))).session();
        List<OlmMessage> messages = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            messages.add(bobSession.encrypt(("m" + i).getBytes(UTF_8)));
        }
        assertThat(aliceSession.decrypt(messages.get(59))).isEqualTo("m59".getBytes(UTF_8));
        assertThat(aliceSession.decrypt(messages.get(19))).isEqualTo("m19".getBytes(UTF_8));
        assertThatThrownBy(() -> aliceSession.decrypt(messages.get(18))).isInstanceOf(OlmException.class);
    }

    @Test
    void messageTooFarAhead_isRejected_andSessionStillWorks() {
        OlmSession aliceSession = aliceToBob();
        OlmSession bobSession = bob.createInboundSession(alice.curve25519Key(),
                (PreKeyMessage) aliceSession.encrypt("start".getBytes(UTF_8))).session();
        OlmMessage first = bobSession.encrypt("first".getBytes(UTF_8));
        for (int i = 0; i < OlmSession.MAX_MESSAGE_GAP; i++) {
            bobSession.encrypt(new byte[0]);
        }
        OlmMessage far = bobSession.encrypt("far".getBytes(UTF_8));
        assertThatThrownBy(() -> aliceSession.decrypt(far)).isInstanceOf(OlmException.class);
        assertThat(aliceSession.decrypt(first)).isEqualTo("first".getBytes(UTF_8));
    }

    @Test
    void tamperedMessage_isRejected_andLeavesSessionUnchanged() {
        OlmSession aliceSession = aliceToBob();
        OlmSession bobSession = bob.createInboundSession(alice.curve25519Key(),
                (PreKeyMessage) aliceSession.encrypt("start".getBytes(UTF_8))).session();
        NormalMessage reply = (NormalMessage) bobSession.encrypt("reply".getBytes(UTF_8));
        byte[] bytes = reply.toBytes();
        bytes[bytes.length - 12] ^= 0x40;
        assertThatThrownBy(() -> aliceSession.decrypt(NormalMessage.decode(bytes)))
                .isInstanceOf(OlmException.class).hasMessage("Olm message failed to decrypt");
        assertThat(aliceSession.hasReceivedMessage()).isFalse();
        assertThat(aliceSession.decrypt(reply)).isEqualTo("reply".getBytes(UTF_8));
    }

    @Test
    void toString_showsNoSecrets() {
        OlmSession session = aliceToBob();
        assertThat(session.toString()).isEqualTo("OlmSession[" + session.sessionId() + "]");
        assertThat(alice.toString()).contains(alice.curve25519Key().toBase64()).doesNotContain("SecretBytes");
    }

    @Test
    void outboundSession_toSmallOrderKey_isRejected() {
        byte[] orderTwo = new byte[32];
        orderTwo[0] = 1;
        assertThatThrownBy(() -> alice.createOutboundSession(bob.curve25519Key(), Curve25519PublicKey.fromBytes(orderTwo)))
                .isInstanceOf(OlmException.class);
        assertThatThrownBy(() -> alice.createOutboundSession(Curve25519PublicKey.fromBytes(new byte[32]),
                bob.curve25519Key())).isInstanceOf(OlmException.class);
    }
}
