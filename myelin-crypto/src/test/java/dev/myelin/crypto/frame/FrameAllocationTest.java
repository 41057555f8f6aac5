package dev.myelin.crypto.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.sframe.SFrameCipherSuite;
import dev.myelin.crypto.sframe.SFrameDecryptor;
import dev.myelin.crypto.sframe.SFrameEncryptor;
import java.lang.reflect.Method;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Steady-state encryption and decryption allocate nothing of their own: per frame they allocate no more than SunJCE's
 * own re-initialisation of AES-GCM does (about 1 KB per operation; the native engine in myelin-crypto-native avoids it,
 * see NativeFrameAllocationTest there).
 */
class FrameAllocationTest {
    private static final int FRAMES = 20_000;
    private static final int SIZE = 1200;
    /** Slack for measurement noise (JIT, TLAB refills), far below one buffer of SIZE bytes. */
    private static final long SLACK = 256;

    /** Through reflection: the tests run patched into dev.myelin.crypto, which does not read java.management. */
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

    private static long bytesPerFrame(Runnable frame) {
        for (int i = 0; i < FRAMES; i++) {
            frame.run(); // warm up: let the JIT settle first
        }
        long before = allocatedBytes();
        for (int i = 0; i < FRAMES; i++) {
            frame.run();
        }
        return (allocatedBytes() - before) / FRAMES;
    }

    /** What SunJCE allocates for one AES-GCM encryption and one decryption with fresh parameters. */
    private static long jceBaseline() throws Exception {
        Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
        Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        byte[] iv = new byte[12];
        byte[] plaintext = new byte[SIZE];
        byte[] ciphertext = new byte[SIZE + 16];
        long[] counter = {0};
        return bytesPerFrame(() -> {
            try {
                long n = ++counter[0];
                for (int i = 0; i < 8; i++) {
                    iv[i] = (byte) (n >>> (8 * i));
                }
                encrypt.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                encrypt.updateAAD(plaintext, 0, 3);
                int c = encrypt.doFinal(plaintext, 3, SIZE - 3, ciphertext, 0);
                decrypt.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
                decrypt.updateAAD(plaintext, 0, 3);
                decrypt.doFinal(ciphertext, 0, c, plaintext, 3);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void liveKitVp8AndH264_allocateNoMoreThanTheJceItself() throws Exception {
        long baseline = jceBaseline();
        for (LiveKitVideoCodec codec : new LiveKitVideoCodec[] {LiveKitVideoCodec.VP8, LiveKitVideoCodec.H264}) {
            LiveKitKeyRing ring = LiveKitKeyRing.create(LiveKitKeyOptions.ELEMENT_CALL);
            ring.setKey(0, LiveKitKeyMaterial.fromRawKey(SecretBytes.copyOf(new byte[16])));
            LiveKitFrameEncryptor encryptor = LiveKitFrameEncryptor.create(ring, Optional.of(codec));
            LiveKitFrameDecryptor decryptor = LiveKitFrameDecryptor.create(ring, Optional.of(codec));
            byte[] frame = new byte[SIZE];
            System.arraycopy(new byte[] {0, 0, 0, 1, 0x65, 0x11}, 0, frame, 0, 6); // zeros below force escaping
            byte[] encrypted = new byte[LiveKitFrameEncryptor.maxEncryptedLength(SIZE)];
            byte[] decrypted = new byte[encrypted.length];
            long[] timestamp = {0};

            long perFrame = bytesPerFrame(() -> {
                int n = encryptor.encrypt(LiveKitFrameType.DELTA, 1, timestamp[0] += 3000, frame, 0, SIZE, encrypted, 0);
                decryptor.decrypt(LiveKitFrameType.DELTA, encrypted, 0, n, decrypted, 0);
            });

            assertThat(perFrame).as("%s: bytes per frame vs SunJCE's %d", codec, baseline)
                    .isLessThanOrEqualTo(baseline + SLACK);
        }
    }

    @Test
    void sframeGcmSuites_allocateNoMoreThanTheJceItself() throws Exception {
        long baseline = jceBaseline();
        for (SFrameCipherSuite suite : new SFrameCipherSuite[] {SFrameCipherSuite.AES_128_GCM_SHA256_128,
            SFrameCipherSuite.AES_256_GCM_SHA512_128}) {
            SFrameEncryptor encryptor = SFrameEncryptor.create(suite, 3, SecretBytes.copyOf(new byte[16]));
            SFrameDecryptor decryptor = SFrameDecryptor.create(suite);
            decryptor.addKey(3, SecretBytes.copyOf(new byte[16]));
            byte[] frame = new byte[SIZE];
            byte[] encrypted = new byte[encryptor.maxEncryptedLength(SIZE)];
            byte[] decrypted = new byte[encrypted.length];

            long perFrame = bytesPerFrame(() -> {
                int n = encryptor.encrypt(frame, 0, SIZE, encrypted, 0);
                decryptor.decrypt(encrypted, 0, n, decrypted, 0);
            });

            assertThat(perFrame).as("%s: bytes per frame vs SunJCE's %d", suite, baseline)
                    .isLessThanOrEqualTo(baseline + SLACK);
        }
    }
}
