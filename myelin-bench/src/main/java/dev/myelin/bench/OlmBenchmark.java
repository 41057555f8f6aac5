package dev.myelin.bench;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.Ed25519Signer;
import dev.myelin.crypto.Ed25519Verifier;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.megolm.InboundGroupSession;
import dev.myelin.crypto.megolm.MegolmMessage;
import dev.myelin.crypto.megolm.OutboundGroupSession;
import dev.myelin.crypto.olm.OlmAccount;
import dev.myelin.crypto.olm.OlmMessage;
import dev.myelin.crypto.olm.OlmSession;
import dev.myelin.crypto.olm.PreKeyMessage;
import dev.myelin.crypto.openssl.OpenSslEd25519Engine;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Olm and Megolm per message, with a 200-byte plaintext, from and to the base64 wire form (libolm's API speaks
 * base64 too, so both sides pay for it), and Olm session set-up. Randomness is a {@link SecureRandom}, as in
 * production. A decrypt consumes its message key, so decrypt benchmarks take a fresh batch of messages per
 * invocation, made outside the timed region, and count each message as one operation. Those benchmarks reach the
 * peers through their batch: JMH gives a benchmark method its own instance of a state that another state's fixture
 * also takes, so the batch and the decryptor would otherwise belong to different sessions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "--sun-misc-unsafe-memory-access=allow",
    "--enable-native-access=ALL-UNNAMED"})
public class OlmBenchmark {
    static final byte[] PLAINTEXT = "m".repeat(200).getBytes(StandardCharsets.US_ASCII);
    static final int BATCH = 100;

    /**
     * Alice and Bob with two session pairs: one where Alice has not heard back (she sends pre-key messages) and one
     * where Bob replied (she sends normal messages); Bob's fallback key for set-ups; a Megolm session and its copy.
     */
    @State(Scope.Thread)
    public static class Peers {
        OlmAccount alice;
        OlmAccount bob;
        Curve25519PublicKey bobFallbackKey;
        OlmSession alicePreKey;
        OlmSession bobPreKey;
        OlmSession aliceNormal;
        OlmSession bobNormal;
        OutboundGroupSession group;
        InboundGroupSession inboundGroup;

        @Setup(Level.Trial)
        public void setUp() {
            var random = new SecureRandom();
            alice = OlmAccount.create(random);
            bob = OlmAccount.create(random);
            bob.generateFallbackKey();
            bobFallbackKey = bob.unpublishedFallbackKey().values().iterator().next();
            bob.markKeysAsPublished();
            alicePreKey = alice.createOutboundSession(bob.curve25519Key(), bobFallbackKey);
            bobPreKey = bob.createInboundSession(alice.curve25519Key(),
                    (PreKeyMessage) alicePreKey.encrypt(PLAINTEXT)).session();
            aliceNormal = alice.createOutboundSession(bob.curve25519Key(), bobFallbackKey);
            bobNormal = bob.createInboundSession(alice.curve25519Key(),
                    (PreKeyMessage) aliceNormal.encrypt(PLAINTEXT)).session();
            aliceNormal.decrypt(bobNormal.encrypt(PLAINTEXT));
            group = OutboundGroupSession.create(random);
            inboundGroup = InboundGroupSession.fromSessionKey(group.sessionKey());
        }
    }

    /**
     * One Ed25519 key under each engine, and a signature to check: the per-message signing cost Megolm senders and
     * the homeserver pay, apart from everything else. Megolm itself signs with the installed engine (OpenSSL here).
     */
    @State(Scope.Thread)
    public static class Ed25519Keys {
        Ed25519Signer jdk;
        Ed25519Signer openSsl;
        Ed25519Verifier jdkVerifier;
        Ed25519Verifier openSslVerifier;
        Ed25519Signature signature;

        @Setup(Level.Trial)
        public void setUp() {
            var seed = new byte[32];
            new SecureRandom().nextBytes(seed);
            jdk = Ed25519Engine.jdk().newSigner(SecretBytes.copyOf(seed));
            openSsl = OpenSslEd25519Engine.load().newSigner(SecretBytes.copyOf(seed));
            jdkVerifier = Ed25519Engine.jdk().newVerifier(jdk.publicKey());
            openSslVerifier = OpenSslEd25519Engine.load().newVerifier(jdk.publicKey());
            signature = jdk.sign(PLAINTEXT);
        }
    }

    /** A batch of Alice's next pre-key messages, in wire form. */
    @State(Scope.Thread)
    public static class PreKeyBatch {
        final String[] bodies = new String[BATCH];
        Peers peers;

        @Setup(Level.Invocation)
        public void fill(Peers peers) {
            this.peers = peers;
            for (int i = 0; i < BATCH; i++) {
                bodies[i] = peers.alicePreKey.encrypt(PLAINTEXT).toBase64();
            }
        }
    }

    /** A batch of Alice's next normal messages, in wire form. */
    @State(Scope.Thread)
    public static class NormalBatch {
        final String[] bodies = new String[BATCH];
        Peers peers;

        @Setup(Level.Invocation)
        public void fill(Peers peers) {
            this.peers = peers;
            for (int i = 0; i < BATCH; i++) {
                bodies[i] = peers.aliceNormal.encrypt(PLAINTEXT).toBase64();
            }
        }
    }

    /** A batch of the group session's next messages, in wire form. */
    @State(Scope.Thread)
    public static class MegolmBatch {
        final String[] bodies = new String[BATCH];
        Peers peers;

        @Setup(Level.Invocation)
        public void fill(Peers peers) {
            this.peers = peers;
            for (int i = 0; i < BATCH; i++) {
                bodies[i] = peers.group.encrypt(PLAINTEXT).toBase64();
            }
        }
    }

    @Benchmark
    public String olmEncryptPreKey(Peers peers) {
        return peers.alicePreKey.encrypt(PLAINTEXT).toBase64();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int olmDecryptPreKey(PreKeyBatch batch) {
        int total = 0;
        for (String body : batch.bodies) {
            total += batch.peers.bobPreKey.decrypt(OlmMessage.fromBase64(0, body)).length;
        }
        return total;
    }

    @Benchmark
    public String olmEncryptNormal(Peers peers) {
        return peers.aliceNormal.encrypt(PLAINTEXT).toBase64();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int olmDecryptNormal(NormalBatch batch) {
        int total = 0;
        for (String body : batch.bodies) {
            total += batch.peers.bobNormal.decrypt(OlmMessage.fromBase64(1, body)).length;
        }
        return total;
    }

    /** Alice opens a session to Bob's fallback key and encrypts; Bob opens his side from that pre-key message. */
    @Benchmark
    public byte[] olmSessionSetup(Peers peers) {
        OlmSession outbound = peers.alice.createOutboundSession(peers.bob.curve25519Key(), peers.bobFallbackKey);
        String body = outbound.encrypt(PLAINTEXT).toBase64();
        var message = (PreKeyMessage) OlmMessage.fromBase64(0, body);
        return peers.bob.createInboundSession(peers.alice.curve25519Key(), message).plaintext();
    }

    @Benchmark
    public Ed25519Signature ed25519SignJdk(Ed25519Keys keys) {
        return keys.jdk.sign(PLAINTEXT);
    }

    @Benchmark
    public Ed25519Signature ed25519SignOpenSsl(Ed25519Keys keys) {
        return keys.openSsl.sign(PLAINTEXT);
    }

    @Benchmark
    public boolean ed25519VerifyJdk(Ed25519Keys keys) {
        return keys.jdkVerifier.verify(PLAINTEXT, keys.signature);
    }

    @Benchmark
    public boolean ed25519VerifyOpenSsl(Ed25519Keys keys) {
        return keys.openSslVerifier.verify(PLAINTEXT, keys.signature);
    }

    @Benchmark
    public String megolmEncrypt(Peers peers) {
        return peers.group.encrypt(PLAINTEXT).toBase64();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int megolmDecrypt(MegolmBatch batch) {
        int total = 0;
        for (String body : batch.bodies) {
            total += batch.peers.inboundGroup.decrypt(MegolmMessage.fromBase64(body)).plaintext().length;
        }
        return total;
    }
}
