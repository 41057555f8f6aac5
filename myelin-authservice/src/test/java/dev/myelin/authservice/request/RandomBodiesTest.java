package dev.myelin.authservice.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.protocol.error.MatrixException;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** Mutated request bodies only ever decode or fail as a decoding error; validation only ever fails as a 400. */
class RandomBodiesTest {
    private static final String VALID = """
            {"room_id":"!r:example.com","slot_id":"m.call#ROOM","openid_token":{"access_token":"t","token_type":"Bearer",
             "matrix_server_name":"example.com","expires_in":3600},"member":{"id":"m","claimed_user_id":"@a:example.com",
             "claimed_device_id":"D"},"delay_id":"d","delay_timeout":8000}""";
    private static final byte[] ALPHABET = "{}[]\":,0123456789-.eE+tfnul \\/\u00e9x".getBytes(StandardCharsets.UTF_8);

    @Test
    void mutatedBodies_decodeOrFailCleanly() {
        long seed = System.nanoTime();
        System.out.println("RandomBodiesTest seed " + seed);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        int decoded = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] body = mutate(valid, random);
            try {
                TokenRequest request = TokenRequest.decode(body);
                decoded++;
                try {
                    request.validate();
                } catch (MatrixException e) {
                    assertThat(e.status()).as("seed %d", seed).isEqualTo(400);
                }
                try {
                    request.validateDelegation();
                } catch (MatrixException e) {
                    assertThat(e.status()).as("seed %d", seed).isEqualTo(400);
                }
                LegacyTokenRequest.decode(body);
            } catch (RequestDecodingException expected) {
                // refused like Go's decoder would
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", body " + new String(body, StandardCharsets.UTF_8), e);
            }
        }
        assertThat(decoded).as("seed %d: some mutations still decode", seed).isPositive();
    }

    private static byte[] mutate(byte[] valid, RandomGenerator random) {
        byte[] body = valid.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(body.length);
            switch (random.nextInt(3)) {
                case 0 -> body[at] = ALPHABET[random.nextInt(ALPHABET.length)];
                case 1 -> body[at] = (byte) random.nextInt(256);
                default -> {
                    byte[] shorter = new byte[at];
                    System.arraycopy(body, 0, shorter, 0, at);
                    body = shorter.length == 0 ? body : shorter;
                }
            }
        }
        return body;
    }
}
