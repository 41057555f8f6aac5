package dev.myelin.crypto.openssl;

import static dev.myelin.crypto.openssl.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.frame.LiveKitDataCryptor;
import dev.myelin.crypto.frame.LiveKitFrameDecryptor;
import dev.myelin.crypto.frame.LiveKitFrameEncryptor;
import dev.myelin.crypto.frame.LiveKitFrameType;
import dev.myelin.crypto.frame.LiveKitKeyMaterial;
import dev.myelin.crypto.frame.LiveKitKeyOptions;
import dev.myelin.crypto.frame.LiveKitKeyRing;
import dev.myelin.crypto.frame.LiveKitVideoCodec;
import dev.myelin.crypto.frame.UndecryptableFrameException;
import dev.myelin.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** LiveKit's frame format with the native engine: the vectors, and the JDK engine's exact bytes and verdicts. */
class NativeLiveKitFrameTest {
    private static final AesGcmEngine OPENSSL = OpenSslAesGcmEngine.load();
    private static final JsonObject VECTORS = Vectors.load("livekit-e2ee.json");

    static Stream<JsonObject> frames() {
        return VECTORS.array("frames").objects().stream();
    }

    private static LiveKitKeyRing ringWithVectorKey() {
        JsonObject hkdf = VECTORS.object("key_derivation").object("hkdf");
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
        ring.setKey(3, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(hex(hkdf, "input_key_material"))));
        return ring;
    }

    private static LiveKitFrameType type(JsonObject vector) {
        if (vector.string("kind").equals("audio")) {
            return LiveKitFrameType.AUDIO;
        }
        return switch (vector.string("frame_type")) {
            case "key" -> LiveKitFrameType.KEY;
            case "delta" -> LiveKitFrameType.DELTA;
            default -> LiveKitFrameType.EMPTY;
        };
    }

    private static Optional<LiveKitVideoCodec> codec(JsonObject vector) {
        return switch (vector.string("codec_hint")) {
            case "vp8" -> Optional.of(LiveKitVideoCodec.VP8);
            case "vp9" -> Optional.of(LiveKitVideoCodec.VP9);
            case "h264" -> Optional.of(LiveKitVideoCodec.H264);
            case "h265" -> Optional.of(LiveKitVideoCodec.H265);
            default -> Optional.empty();
        };
    }

    /** Makes the encryptor's random send-count start the vector's send counter. */
    private static RandomGenerator sendCountStart(long sendCount) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return sendCount;
            }

            @Override
            public int nextInt(int bound) {
                return (int) sendCount;
            }
        };
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("frames")
    void encrypt_vectorFrame_reproducesItWithTheNativeEngine(JsonObject vector) {
        LiveKitFrameEncryptor encryptor = LiveKitFrameEncryptor.create(ringWithVectorKey(), codec(vector),
                sendCountStart(vector.integer("send_counter")), OPENSSL);
        byte[] plaintext = hex(vector, "plaintext");
        byte[] out = new byte[LiveKitFrameEncryptor.maxEncryptedLength(plaintext.length)];

        int n = encryptor.encrypt(type(vector), vector.integer("ssrc"), vector.integer("rtp_timestamp"), plaintext, 0,
                plaintext.length, out, 0);

        assertThat(Vectors.HEX.formatHex(Arrays.copyOf(out, n))).isEqualTo(vector.string("ciphertext_frame"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("frames")
    void decrypt_vectorFrame_returnsThePlaintextWithTheNativeEngine(JsonObject vector) {
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ringWithVectorKey(), codec(vector), OPENSSL);
        byte[] frame = hex(vector, "ciphertext_frame");
        byte[] out = new byte[frame.length];

        int n = decryptor.decrypt(type(vector), frame, 0, frame.length, out, 0);

        assertThat(Vectors.HEX.formatHex(Arrays.copyOf(out, n))).isEqualTo(vector.string("plaintext"));
    }

    @Test
    void seededRandomFrames_nativeAndJdkEngines_encryptAlikeAndJudgeTamperingAlike() {
        long seed = System.nanoTime();
        System.out.println("NativeLiveKitFrameTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] rawKey = new byte[16];
        random.nextBytes(rawKey);
        long counterSeed = random.nextLong();
        for (Optional<LiveKitVideoCodec> codec : codecs()) {
            Side jdk = new Side(rawKey, codec, counterSeed, AesGcmEngine.jdk());
            Side openssl = new Side(rawKey, codec, counterSeed, OPENSSL);
            for (int i = 0; i < 150; i++) {
                LiveKitFrameType type = codec.isEmpty() ? LiveKitFrameType.AUDIO
                        : random.nextBoolean() ? LiveKitFrameType.KEY : LiveKitFrameType.DELTA;
                byte[] frame = frame(random, codec, 20 + random.nextInt(i % 10 == 0 ? 8000 : 600));
                long timestamp = 3000L * i;

                byte[] expected = jdk.encrypt(type, timestamp, frame);
                byte[] actual = openssl.encrypt(type, timestamp, frame);
                assertThat(actual).as("seed %d, %s frame %d", seed, codec, i).containsExactly(expected);

                byte[] received = actual.clone();
                if (random.nextInt(3) == 0) { // tamper: flip a random bit anywhere
                    int bit = random.nextInt(received.length * 8);
                    received[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                assertThat(openssl.decrypt(type, received)).as("seed %d, %s frame %d", seed, codec, i)
                        .isEqualTo(jdk.decrypt(type, received));
            }
        }
    }

    private static java.util.List<Optional<LiveKitVideoCodec>> codecs() {
        return java.util.List.of(Optional.empty(), Optional.of(LiveKitVideoCodec.VP8),
                Optional.of(LiveKitVideoCodec.VP9), Optional.of(LiveKitVideoCodec.H264),
                Optional.of(LiveKitVideoCodec.H265));
    }

    /** A frame whose NAL codecs start with a slice, with many zero bytes so that escaping happens. */
    private static byte[] frame(SplittableRandom random, Optional<LiveKitVideoCodec> codec, int length) {
        byte[] frame = new byte[length];
        for (int i = 0; i < length; i++) {
            frame[i] = random.nextInt(4) == 0 ? 0 : (byte) random.nextInt(256);
        }
        byte[] prefix = codec.map(c -> switch (c) {
            case H264 -> new byte[] {0, 0, 0, 1, 0x65, 0x11};
            case H265 -> new byte[] {0, 0, 1, 0x26, 0x01, 0x22};
            default -> new byte[0];
        }).orElse(new byte[0]);
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        return frame;
    }

    /** One engine's sender and receiver, each with its own ring (failure counts evolve in step). */
    private static final class Side {
        private final LiveKitFrameEncryptor encryptor;
        private final LiveKitFrameDecryptor decryptor;

        Side(byte[] rawKey, Optional<LiveKitVideoCodec> codec, long counterSeed, AesGcmEngine engine) {
            LiveKitKeyRing sendRing = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
            sendRing.setKey(5, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(rawKey)));
            LiveKitKeyRing receiveRing = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
            receiveRing.setKey(5, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(rawKey)));
            encryptor = LiveKitFrameEncryptor.create(sendRing, codec, new SplittableRandom(counterSeed), engine);
            decryptor = LiveKitFrameDecryptor.create(receiveRing, codec, engine);
        }

        byte[] encrypt(LiveKitFrameType type, long timestamp, byte[] frame) {
            byte[] out = new byte[LiveKitFrameEncryptor.maxEncryptedLength(frame.length)];
            int n = encryptor.encrypt(type, 0x5eed, timestamp, frame, 0, frame.length, out, 0);
            return Arrays.copyOf(out, n);
        }

        /** The plaintext as hex, or the reason the frame was dropped. */
        String decrypt(LiveKitFrameType type, byte[] frame) {
            byte[] out = new byte[frame.length];
            try {
                return Vectors.HEX.formatHex(out, 0, decryptor.decrypt(type, frame, 0, frame.length, out, 0));
            } catch (UndecryptableFrameException e) {
                return "dropped: " + e.reason();
            }
        }
    }

    @Test
    void dataPackets_nativeAndJdkEngines_decryptEachOthersPacketsAndRejectTampering() {
        SplittableRandom random = new SplittableRandom(29);
        byte[] rawKey = new byte[16];
        random.nextBytes(rawKey);
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
        ring.setKey(5, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(rawKey)));
        LiveKitDataCryptor openssl = LiveKitDataCryptor.create(ring, OPENSSL);
        LiveKitDataCryptor jdk = LiveKitDataCryptor.create(ring);
        for (int i = 0; i < 20; i++) {
            byte[] payload = new byte[random.nextInt(3000)];
            random.nextBytes(payload);

            LiveKitDataCryptor.EncryptedData fromNative = openssl.encrypt(payload);
            LiveKitDataCryptor.EncryptedData fromJdk = jdk.encrypt(payload);

            assertThat(fromNative.keyIndex()).isEqualTo(5);
            assertThat(jdk.decrypt(fromNative)).containsExactly(payload);
            assertThat(openssl.decrypt(fromJdk)).containsExactly(payload);
            byte[] tampered = fromJdk.ciphertext();
            tampered[random.nextInt(tampered.length)] ^= 1;
            var forged = new LiveKitDataCryptor.EncryptedData(tampered, fromJdk.iv(), 5);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> openssl.decrypt(forged))
                    .isInstanceOf(UndecryptableFrameException.class);
        }
    }
}
