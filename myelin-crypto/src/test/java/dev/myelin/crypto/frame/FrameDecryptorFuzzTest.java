package dev.myelin.crypto.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.sframe.SFrameCipherSuite;
import dev.myelin.crypto.sframe.SFrameDecryptor;
import java.util.Arrays;
import java.util.Optional;

/**
 * Fuzzes both decryptors: any input either decrypts or raises {@link UndecryptableFrameException}, never anything
 * else, never a hang. In normal test runs (regression mode) Jazzer replays only the seeds; run with
 * {@code JAZZER_FUZZ=1} to fuzz.
 */
class FrameDecryptorFuzzTest {
    private static final LiveKitKeyMaterial KEY = LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(new byte[16]));
    private static final SecretBytes SFRAME_KEY = SecretBytes.copyOf(new byte[16]);

    @FuzzTest(maxDuration = "30s")
    void liveKitDecrypt_anyBytes_decryptsOrThrowsOnlyTheDocumentedException(FuzzedDataProvider data) {
        LiveKitFrameType type = data.pickValue(LiveKitFrameType.values());
        Optional<LiveKitVideoCodec> codec = data.consumeBoolean()
                ? Optional.of(data.pickValue(LiveKitVideoCodec.values())) : Optional.empty();
        boolean metadata = data.consumeBoolean();
        byte[] sif = data.consumeBytes(data.consumeInt(0, 6));
        byte[] frame = data.consumeRemainingAsBytes();
        LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
        ring.setKey(frame.length == 0 ? 0 : frame[frame.length - 1] & 0xff, KEY);
        LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ring, codec);
        decryptor.setHasFrameMetadata(metadata);
        decryptor.setServerInjectedFrameTrailer(sif);
        byte[] out = new byte[frame.length];
        try {
            int n = decryptor.decrypt(type, frame, 0, frame.length, out, 0);
            assertThat(n).isBetween(0, frame.length);
        } catch (UndecryptableFrameException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void sframeDecrypt_anyBytes_decryptsOrThrowsOnlyTheDocumentedException(FuzzedDataProvider data) {
        SFrameCipherSuite suite = data.pickValue(SFrameCipherSuite.values());
        byte[] metadata = data.consumeBytes(data.consumeInt(0, 8));
        byte[] frame = data.consumeRemainingAsBytes();
        SFrameDecryptor decryptor = SFrameDecryptor.create(suite);
        decryptor.addKey(frame.length > 0 ? (frame[0] >>> 4) & 7 : 0, SFRAME_KEY);
        byte[] out = new byte[frame.length];
        try {
            int n = decryptor.decrypt(metadata, 0, metadata.length, frame, 0, frame.length, out, 0);
            assertThat(Arrays.copyOf(out, n)).hasSizeLessThanOrEqualTo(frame.length);
        } catch (UndecryptableFrameException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }
}
