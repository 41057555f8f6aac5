package dev.myelin.crypto.openssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519Signature;
import dev.myelin.crypto.Ed25519Signer;
import dev.myelin.crypto.Ed25519Verifier;
import dev.myelin.crypto.SecretBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * OpenSSL against the JDK on seeded random keys and messages: Ed25519 is deterministic, so signatures and public keys
 * must be byte-identical, and the two must agree on every verdict, forgeries included.
 */
class OpenSslEd25519CrossCheckTest {
    private static final Ed25519Engine JDK = Ed25519Engine.jdk();
    private static final Ed25519Engine OPENSSL = OpenSslEd25519Engine.load();

    @Test
    void sign_randomKeysAndMessages_byteIdenticalToTheJdk() {
        long seed = System.nanoTime();
        System.out.println("OpenSslEd25519CrossCheckTest sign seed " + seed);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        for (int key = 0; key < 12; key++) {
            SecretBytes secret = SecretBytes.copyOf(bytes(random, 32));
            Ed25519Signer jdk = JDK.newSigner(secret);
            Ed25519Signer openssl = OPENSSL.newSigner(secret);
            assertThat(openssl.publicKey()).as("seed %d key %d", seed, key).isEqualTo(jdk.publicKey());
            for (int i = 0; i < 6; i++) {
                byte[] message = bytes(random, random.nextInt(i == 0 ? 1 : 3000));
                Ed25519Signature signature = openssl.sign(message);

                assertThat(signature).as("seed %d key %d message %d", seed, key, i).isEqualTo(jdk.sign(message));
                assertThat(JDK.newVerifier(jdk.publicKey()).verify(message, signature)).isTrue();
            }
        }
    }

    @Test
    void verify_mixOfValidAndForgedSignatures_sameVerdictsAsTheJdk() {
        long seed = System.nanoTime();
        System.out.println("OpenSslEd25519CrossCheckTest verify seed " + seed);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        Ed25519Signer signer = OPENSSL.newSigner(SecretBytes.copyOf(bytes(random, 32)));
        Ed25519Verifier openssl = OPENSSL.newVerifier(signer.publicKey());
        Ed25519Verifier jdk = JDK.newVerifier(signer.publicKey());
        int valid = 0;
        for (int i = 0; i < 80; i++) {
            byte[] message = bytes(random, random.nextInt(300));
            byte[] signature = signer.sign(message).toBytes();
            switch (random.nextInt(5)) {
                case 0 -> signature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> signature[31] = (byte) 0xff; // R usually not a point
                case 2 -> signature[63] = (byte) 0xff; // S far above the group order
                case 3 -> addGroupOrder(signature); // S + L: the same point equation, but S not reduced
                default -> valid++;
            }
            Ed25519Signature candidate = Ed25519Signature.fromBytes(signature);
            boolean jdkVerdict = jdk.verify(message, candidate);

            assertThat(openssl.verify(message, candidate)).as("seed %d step %d", seed, i).isEqualTo(jdkVerdict);
        }
        assertThat(valid).as("some valid signatures among the forgeries").isPositive();
    }

    @Test
    void sign_fromSeveralThreadsOnOneSigner_everySignatureCorrect() throws Exception {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(7);
        SecretBytes secret = SecretBytes.copyOf(bytes(random, 32));
        Ed25519Signer shared = OPENSSL.newSigner(secret);
        Ed25519Signer reference = JDK.newSigner(secret);
        Ed25519Verifier sharedVerifier = OPENSSL.newVerifier(shared.publicKey());
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            messages.add(bytes(random, 64 + i));
        }
        List<Ed25519Signature> expected = messages.stream().map(reference::sign).toList();
        try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int offset = t;
                Callable<Integer> task = () -> {
                    int good = 0;
                    for (int i = 0; i < 200; i++) {
                        int which = (i + offset) % messages.size();
                        Ed25519Signature signature = shared.sign(messages.get(which));
                        if (signature.equals(expected.get(which))
                                && sharedVerifier.verify(messages.get(which), signature)) {
                            good++;
                        }
                    }
                    return good;
                };
                results.add(threads.submit(task));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
    }

    /** Adds the group order L to the little-endian scalar S in the signature's second half. */
    private static void addGroupOrder(byte[] signature) {
        byte[] order = java.util.HexFormat.of()
                .parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        int carry = 0;
        for (int i = 0; i < 32; i++) {
            int sum = (signature[32 + i] & 0xff) + (order[i] & 0xff) + carry;
            signature[32 + i] = (byte) sum;
            carry = sum >>> 8;
        }
    }

    private static byte[] bytes(RandomGenerator random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
