package dev.myelin.crypto.frame;

import static dev.myelin.crypto.frame.LiveKitVectors.HEX;
import static dev.myelin.crypto.frame.LiveKitVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Vectors: frames in livekit-e2ee.json (all encrypted with the HKDF key stored at index 3). */
class LiveKitFrameVectorTest {

    static Stream<JsonObject> frames() {
        return LiveKitVectors.load().array("frames").objects().stream();
    }

    static LiveKitKeyRing ringWithVectorKey() {
        JsonObject hkdf = LiveKitVectors.load().object("key_derivation").object("hkdf");
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
        ring.setKey(3, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(hex(hkdf, "input_key_material"))));
        return ring;
    }

    static LiveKitFrameType type(JsonObject vector) {
        if (vector.string("kind").equals("audio")) {
            return LiveKitFrameType.AUDIO;
        }
        return switch (vector.string("frame_type")) {
            case "key" -> LiveKitFrameType.KEY;
            case "delta" -> LiveKitFrameType.DELTA;
            default -> LiveKitFrameType.EMPTY;
        };
    }

    static Optional<LiveKitVideoCodec> codec(JsonObject vector) {
        return switch (vector.string("codec_hint")) {
            case "vp8" -> Optional.of(LiveKitVideoCodec.VP8);
            case "vp9" -> Optional.of(LiveKitVideoCodec.VP9);
            case "h264" -> Optional.of(LiveKitVideoCodec.H264);
            case "h265" -> Optional.of(LiveKitVideoCodec.H265);
            default -> Optional.empty();
        };
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("frames")
    void encrypt_withVectorSendCount_reproducesTheFrame(JsonObject vector) {
        LiveKitFrameEncryptor encryptor = LiveKitFrameEncryptor.create(ringWithVectorKey(), codec(vector));
        long ssrc = vector.integer("ssrc");
        encryptor.setSendCount(ssrc, vector.integer("send_counter"));
        byte[] plaintext = hex(vector, "plaintext");
        byte[] out = new byte[LiveKitFrameEncryptor.maxEncryptedLength(plaintext.length) + 3];

        int n = encryptor.encrypt(type(vector), ssrc, vector.integer("rtp_timestamp"), plaintext, 0, plaintext.length,
                out, 3);

        assertThat(HEX.formatHex(Arrays.copyOfRange(out, 3, 3 + n))).isEqualTo(vector.string("ciphertext_frame"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("frames")
    void decrypt_vectorFrame_returnsThePlaintext(JsonObject vector) {
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ringWithVectorKey(), codec(vector));
        byte[] frame = hex(vector, "ciphertext_frame");
        byte[] out = new byte[frame.length];

        int n = decryptor.decrypt(type(vector), frame, 0, frame.length, out, 0);

        assertThat(vector.bool("roundtrip_ok")).isTrue();
        assertThat(HEX.formatHex(Arrays.copyOf(out, n))).isEqualTo(vector.string("plaintext"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("frames")
    void decrypt_withoutCodecHint_detectsTheSameClearHeader(JsonObject vector) {
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ringWithVectorKey(),
                codec(vector).filter(c -> c != LiveKitVideoCodec.H264 && c != LiveKitVideoCodec.H265));
        byte[] frame = hex(vector, "ciphertext_frame");
        byte[] out = new byte[frame.length];

        int n = decryptor.decrypt(type(vector), frame, 0, frame.length, out, 0);

        assertThat(HEX.formatHex(Arrays.copyOf(out, n))).isEqualTo(vector.string("plaintext"));
    }
}
