package dev.myelin.crypto.openssl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.myelin.crypto.aead.AesCtr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * AES-CTR on one {@code EVP_CIPHER_CTX}: the key schedule is set when the key object changes, a call only sets its
 * counter block. Reads and writes the caller's arrays directly (heap segments in critical downcalls, remembered per
 * array and offset); input and output partially overlapping (same array, different offsets) go through native memory
 * instead, as OpenSSL refuses them. The context is freed by a {@link Cleaner}. Not thread-safe.
 */
final class OpenSslAesCtr implements AesCtr {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int ENCRYPT = 1;
    // Layout of the fixed native block.
    private static final int IV = 0;
    private static final int KEY = 16;
    private static final int OUT_LENGTH = KEY + 32;
    private static final int FIXED_SIZE = OUT_LENGTH + 16;

    private final long ctx;
    private final MemorySegment fixed;
    private final long fixedAddress;
    private final HeapSlices slices = new HeapSlices();
    private SecretKey currentKey;
    private MemorySegment overlapBuffer;

    OpenSslAesCtr() {
        LibCrypto.check();
        try {
            ctx = (long) LibCrypto.CTX_NEW.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_CIPHER_CTX_new failed", e);
        }
        if (ctx == 0) {
            throw new IllegalStateException("EVP_CIPHER_CTX_new returned NULL");
        }
        CLEANER.register(this, new FreeContext(ctx));
        fixed = Arena.ofAuto().allocate(FIXED_SIZE, 16);
        fixedAddress = fixed.address();
    }

    private record FreeContext(long ctx) implements Runnable {
        @Override
        public void run() {
            try {
                LibCrypto.CTX_FREE.invokeExact(ctx);
            } catch (Throwable e) {
                throw new IllegalStateException("EVP_CIPHER_CTX_free failed", e);
            }
        }
    }

    @Override
    public void apply(SecretKey key, byte[] counterBlock, byte[] in, int inOffset, int length, byte[] out,
            int outOffset) {
        Objects.checkFromIndexSize(0, BLOCK_LENGTH, counterBlock.length);
        Objects.checkFromIndexSize(inOffset, length, in.length);
        Objects.checkFromIndexSize(outOffset, length, out.length);
        MemorySegment.copy(counterBlock, 0, fixed, JAVA_BYTE, IV, BLOCK_LENGTH);
        try {
            if (!(key == currentKey ? (int) LibCrypto.CIPHER_INIT.invokeExact(ctx, 0L, 0L, 0L, fixedAddress + IV,
                    ENCRYPT) == 1 : rekey(key))) {
                throw new IllegalStateException("AES-CTR set-up failed in libcrypto");
            }
            if (length == 0) {
                return;
            }
            if (in == out && inOffset != outOffset && Math.abs(inOffset - outOffset) < length) {
                applyThroughNativeMemory(in, inOffset, length, out, outOffset);
                return;
            }
            if ((int) LibCrypto.CIPHER_UPDATE_HEAP.invokeExact(ctx, slices.at(out, outOffset),
                    fixedAddress + OUT_LENGTH, slices.at(in, inOffset), length) != 1
                    || fixed.get(JAVA_INT, OUT_LENGTH) != length) {
                throw new IllegalStateException("AES-CTR failed in libcrypto");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("AES-CTR failed in libcrypto", e);
        }
    }

    private boolean rekey(SecretKey key) throws Throwable {
        currentKey = null;
        byte[] raw = key.getEncoded();
        if (raw == null || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("Not a raw AES key");
        }
        try {
            long type = switch (raw.length) {
                case 16 -> LibCrypto.AES_128_CTR;
                case 24 -> LibCrypto.AES_192_CTR;
                case 32 -> LibCrypto.AES_256_CTR;
                default -> throw new IllegalArgumentException("AES key of " + raw.length + " bytes");
            };
            MemorySegment.copy(raw, 0, fixed, JAVA_BYTE, KEY, raw.length);
            if ((int) LibCrypto.CIPHER_INIT.invokeExact(ctx, type, 0L, fixedAddress + KEY, fixedAddress + IV,
                    ENCRYPT) != 1) {
                return false;
            }
            currentKey = key;
            return true;
        } finally {
            Arrays.fill(raw, (byte) 0);
            fixed.asSlice(KEY, 32).fill((byte) 0);
        }
    }

    private void applyThroughNativeMemory(byte[] in, int inOffset, int length, byte[] out, int outOffset)
            throws Throwable {
        if (overlapBuffer == null || overlapBuffer.byteSize() < length) {
            overlapBuffer = Arena.ofAuto().allocate(Math.max(length, 2048), 16);
        }
        MemorySegment.copy(in, inOffset, overlapBuffer, JAVA_BYTE, 0, length);
        long address = overlapBuffer.address();
        if ((int) LibCrypto.CIPHER_UPDATE.invokeExact(ctx, address, fixedAddress + OUT_LENGTH, address, length) != 1
                || fixed.get(JAVA_INT, OUT_LENGTH) != length) {
            throw new IllegalStateException("AES-CTR failed in libcrypto");
        }
        MemorySegment.copy(overlapBuffer, JAVA_BYTE, 0, out, outOffset, length);
    }

    @Override
    public String toString() {
        return "OpenSslAesCtr";
    }
}
