package dev.myelin.crypto.openssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.frame.LiveKitFrameDecryptor;
import dev.myelin.crypto.frame.LiveKitFrameEncryptor;
import dev.myelin.crypto.frame.LiveKitFrameType;
import dev.myelin.crypto.frame.LiveKitKeyMaterial;
import dev.myelin.crypto.frame.LiveKitKeyOptions;
import dev.myelin.crypto.frame.LiveKitKeyRing;
import dev.myelin.crypto.frame.LiveKitVideoCodec;
import dev.myelin.crypto.sframe.SFrameCipherSuite;
import dev.myelin.crypto.sframe.SFrameDecryptor;
import dev.myelin.crypto.sframe.SFrameEncryptor;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * With the native engine, steady-state encryption and decryption allocate nothing at all per frame (the JDK engine
 * allocates about 1 KB per operation in SunJCE). "Steady state" is once the JIT has compiled the frame path and
 * scalar-replaced the memory-segment wrappers: frames are run in rounds until a round allocates nothing.
 */
class NativeFrameAllocationTest {
    private static final int SIZE = 1200;
    private static final int ROUND = 5_000;
    private static final int MAX_ROUNDS = 80;
    /**
     * Below one byte per frame is nothing: any object made per frame costs at least 16 bytes, while reading the
     * allocation counter (reflectively) costs about a kilobyte per round, a fraction of a byte per frame.
     */
    private static final double NOTHING = 1.0;

    /** Through reflection: the tests run patched into a module that does not read java.management. */
    private static long allocatedBytes() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getCurrentThreadAllocatedBytes");
            return (long) allocated.invoke(threads);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("thread allocation counter unavailable", e);
        }
    }

    /** The lowest bytes per frame over rounds of frames, stopping at the first round that allocated nothing. */
    private static double steadyBytesPerFrame(Runnable frame) {
        double lowest = Double.MAX_VALUE;
        for (int round = 0; round < MAX_ROUNDS && lowest >= NOTHING; round++) {
            long before = allocatedBytes();
            for (int i = 0; i < ROUND; i++) {
                frame.run();
            }
            lowest = Math.min(lowest, (allocatedBytes() - before) / (double) ROUND);
        }
        return lowest;
    }

    @Test
    void liveKitVp8AndH264_nativeEngine_allocateNothingPerFrame() {
        for (LiveKitVideoCodec codec : new LiveKitVideoCodec[] {LiveKitVideoCodec.VP8, LiveKitVideoCodec.H264}) {
            LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
            ring.setKey(0, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(new byte[16])));
            AesGcmEngine engine = OpenSslAesGcmEngine.load();
            LiveKitFrameEncryptor encryptor = LiveKitFrameEncryptor.create(ring, Optional.of(codec), engine);
            LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ring, Optional.of(codec), engine);
            byte[] frame = new byte[SIZE];
            System.arraycopy(new byte[] {0, 0, 0, 1, 0x65, 0x11}, 0, frame, 0, 6); // zeros below force escaping
            byte[] encrypted = new byte[LiveKitFrameEncryptor.maxEncryptedLength(SIZE)];
            byte[] decrypted = new byte[encrypted.length];
            long[] timestamp = {0};

            double perFrame = steadyBytesPerFrame(() -> {
                int n = encryptor.encrypt(LiveKitFrameType.DELTA, 1, timestamp[0] += 3000, frame, 0, SIZE, encrypted, 0);
                decryptor.decrypt(LiveKitFrameType.DELTA, encrypted, 0, n, decrypted, 0);
            });

            assertThat(perFrame).as("%s: bytes allocated per frame", codec).isLessThan(NOTHING);
        }
    }

    @Test
    void sframeEverySuite_nativeEngine_allocateNothingPerFrame() {
        for (SFrameCipherSuite suite : SFrameCipherSuite.values()) {
            AesGcmEngine engine = OpenSslAesGcmEngine.load();
            byte[] baseKey = new byte[suite.keyLength()];
            SFrameEncryptor encryptor = SFrameEncryptor.create(suite, 3, SecretBytes.copyOf(baseKey), engine);
            SFrameDecryptor decryptor = SFrameDecryptor.create(suite, engine);
            decryptor.addKey(3, SecretBytes.copyOf(baseKey));
            byte[] metadata = {1, 2, 3};
            byte[] frame = new byte[SIZE];
            byte[] encrypted = new byte[encryptor.maxEncryptedLength(SIZE)];
            byte[] decrypted = new byte[encrypted.length];

            double perFrame = steadyBytesPerFrame(() -> {
                int n = encryptor.encrypt(metadata, 0, 3, frame, 0, SIZE, encrypted, 0);
                decryptor.decrypt(metadata, 0, 3, encrypted, 0, n, decrypted, 0);
            });

            assertThat(perFrame).as("%s: bytes allocated per frame", suite).isLessThan(NOTHING);
        }
    }
}
