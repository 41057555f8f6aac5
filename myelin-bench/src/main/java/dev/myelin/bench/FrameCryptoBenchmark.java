package dev.myelin.bench;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.frame.LiveKitFrameDecryptor;
import dev.myelin.crypto.frame.LiveKitFrameEncryptor;
import dev.myelin.crypto.frame.LiveKitFrameType;
import dev.myelin.crypto.frame.LiveKitKeyMaterial;
import dev.myelin.crypto.frame.LiveKitKeyOptions;
import dev.myelin.crypto.frame.LiveKitKeyRing;
import dev.myelin.crypto.frame.LiveKitVideoCodec;
import dev.myelin.crypto.openssl.OpenSslAesGcmEngine;
import dev.myelin.crypto.sframe.SFrameCipherSuite;
import dev.myelin.crypto.sframe.SFrameDecryptor;
import dev.myelin.crypto.sframe.SFrameEncryptor;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One frame encrypted and decrypted again, into reused buffers: LiveKit's format (Opus audio at 80 B, VP8 delta frames
 * above) and SFrame suites 1 (AES-128-CTR + HMAC-SHA256-80), 4 (AES-128-GCM) and 5 (AES-256-GCM), each with the JDK's
 * primitives (SunJCE) and with OpenSSL's libcrypto through FFM. Five warm-up seconds: with 60 KB frames the JIT needs about two seconds on a loaded two-core
 * machine before SunJCE's GCM intrinsics take over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow"})
public class FrameCryptoBenchmark {
    @Param({"80", "1200", "6000", "60000"})
    public int size;

    @Param({"LIVEKIT", "SFRAME_1", "SFRAME_4", "SFRAME_5"})
    public String format;

    @Param({"jdk", "openssl"})
    public String engine;

    private byte[] frame;
    private byte[] encrypted;
    private byte[] decrypted;
    private LiveKitFrameType type;
    private LiveKitFrameEncryptor liveKitEncryptor;
    private LiveKitFrameDecryptor liveKitDecryptor;
    private SFrameEncryptor sframeEncryptor;
    private SFrameDecryptor sframeDecryptor;
    private long rtpTimestamp;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        frame = new byte[size];
        random.nextBytes(frame);
        byte[] rawKey = new byte[16];
        random.nextBytes(rawKey);
        decrypted = new byte[size + 64];
        AesGcmEngine aesGcm = engine.equals("openssl") ? OpenSslAesGcmEngine.load() : AesGcmEngine.jdk();
        if (format.equals("LIVEKIT")) {
            type = size <= 100 ? LiveKitFrameType.AUDIO : LiveKitFrameType.DELTA;
            Optional<LiveKitVideoCodec> codec = type == LiveKitFrameType.AUDIO
                    ? Optional.empty() : Optional.of(LiveKitVideoCodec.VP8);
            LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
            ring.setKey(0, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(rawKey)));
            liveKitEncryptor = LiveKitFrameEncryptor.create(ring, codec, aesGcm);
            liveKitDecryptor = LiveKitFrameDecryptor.create(ring, codec, aesGcm);
            encrypted = new byte[LiveKitFrameEncryptor.maxEncryptedLength(size)];
        } else {
            SFrameCipherSuite suite = switch (format) {
                case "SFRAME_1" -> SFrameCipherSuite.AES_128_CTR_HMAC_SHA256_80;
                case "SFRAME_4" -> SFrameCipherSuite.AES_128_GCM_SHA256_128;
                default -> SFrameCipherSuite.AES_256_GCM_SHA512_128;
            };
            rawKey = new byte[suite.keyLength()];
            random.nextBytes(rawKey);
            sframeEncryptor = SFrameEncryptor.create(suite, 7, SecretBytes.copyOf(rawKey), aesGcm);
            sframeDecryptor = SFrameDecryptor.create(suite, aesGcm);
            sframeDecryptor.addKey(7, SecretBytes.copyOf(rawKey));
            encrypted = new byte[sframeEncryptor.maxEncryptedLength(size)];
        }
    }

    @Benchmark
    public int encryptThenDecrypt() {
        if (liveKitEncryptor != null) {
            rtpTimestamp += 3000;
            int n = liveKitEncryptor.encrypt(type, 0x1234, rtpTimestamp, frame, 0, size, encrypted, 0);
            return liveKitDecryptor.decrypt(type, encrypted, 0, n, decrypted, 0);
        }
        int n = sframeEncryptor.encrypt(frame, 0, size, encrypted, 0);
        return sframeDecryptor.decrypt(encrypted, 0, n, decrypted, 0);
    }
}
