package dev.myelin.crypto.openssl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * AES-GCM on one {@code EVP_CIPHER_CTX}, kept across frames: the key schedule is set when the key object changes, a
 * frame only sets its IV.
 *
 * <p>Zero-copy when input and output are different arrays (or, for encryption, the very same range): libcrypto reads
 * and writes the caller's arrays directly through heap segments passed to critical downcalls. The segments are
 * remembered per array and offset ({@link HeapSlices}), so a caller reusing its buffers allocates nothing per frame.
 * A failed {@code open} zeroes the output range, so no unauthenticated plaintext stays there.
 *
 * <p>Decrypting in place (input and output the same array) copies: the frame goes into native memory owned by this
 * instance, is processed there and copied out only once authenticated, so a frame that fails with one key keeps its
 * ciphertext for a retry with another (LiveKit's ratchet). Partially overlapping encryption copies too, as OpenSSL
 * refuses such buffers.
 *
 * <p>The context and memory are freed by a {@link Cleaner} when this object becomes unreachable. Not thread-safe.
 */
final class OpenSslAesGcm implements AesGcm {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int DECRYPT = 0;
    private static final int ENCRYPT = 1;
    // Layout of the fixed native block.
    private static final int IV = 0;
    private static final int KEY = LibCrypto.MAX_IV_LENGTH;
    private static final int OUT_LENGTH = KEY + 32;
    private static final int TAG = OUT_LENGTH + 16;
    private static final int FIXED_SIZE = TAG + TAG_LENGTH;

    private final long ctx;
    private final MemorySegment fixed;
    private final long fixedAddress;
    private final HeapSlices slices = new HeapSlices();
    private MemorySegment data;
    private long dataAddress;
    private SecretKey currentKey;
    private int currentMode = -1;
    private int currentIvLength;
    private AesGcm longIvFallback;

    OpenSslAesGcm() {
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
        allocateData(2048);
    }

    /** Frees the context; holds no reference to its owner, or the owner would never become unreachable. */
    private record FreeContext(long ctx) implements Runnable {
        @Override
        public void run() {
            try {
                LibCrypto.CTX_FREE.invokeExact(ctx); // EVP_CIPHER_CTX_free also cleanses the key schedule
            } catch (Throwable e) {
                throw new IllegalStateException("EVP_CIPHER_CTX_free failed", e);
            }
        }
    }

    @Override
    public int seal(SecretKey key, byte[] iv, int ivOffset, int ivLength, byte[] aad, int aadOffset, int aadLength,
            byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(aadOffset, aadLength, aad.length);
        Objects.checkFromIndexSize(inOffset, inLength, in.length);
        Objects.checkFromIndexSize(outOffset, inLength + TAG_LENGTH, out.length);
        if (ivLength > LibCrypto.MAX_IV_LENGTH) {
            return fallback().seal(key, iv, ivOffset, ivLength, aad, aadOffset, aadLength, in, inOffset, inLength,
                    out, outOffset);
        }
        if (in != out || inOffset == outOffset) {
            return sealDirect(key, iv, ivOffset, ivLength, aad, aadOffset, aadLength, in, inOffset, inLength, out,
                    outOffset);
        }
        try {
            ensureData((long) aadLength + inLength + TAG_LENGTH);
            long text = dataAddress + aadLength;
            long tag = text + inLength;
            MemorySegment.copy(in, inOffset, data, JAVA_BYTE, aadLength, inLength);
            if (!start(key, ENCRYPT, iv, ivOffset, ivLength) || !addAad(aad, aadOffset, aadLength)
                    || !update(text, inLength)
                    || (int) LibCrypto.CIPHER_FINAL.invokeExact(ctx, tag, fixedAddress + OUT_LENGTH) != 1
                    || (int) LibCrypto.CTRL.invokeExact(ctx, LibCrypto.CTRL_GCM_GET_TAG, TAG_LENGTH, tag) != 1) {
                throw new IllegalStateException("AES-GCM encryption failed in libcrypto");
            }
            MemorySegment.copy(data, JAVA_BYTE, aadLength, out, outOffset, inLength + TAG_LENGTH);
            return inLength + TAG_LENGTH;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("AES-GCM encryption failed in libcrypto", e);
        }
    }

    @Override
    public int open(SecretKey key, byte[] iv, int ivOffset, int ivLength, byte[] aad, int aadOffset, int aadLength,
            byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        if (ivLength <= 0 || inLength < TAG_LENGTH) {
            return -1;
        }
        Objects.checkFromIndexSize(aadOffset, aadLength, aad.length);
        Objects.checkFromIndexSize(inOffset, inLength, in.length);
        int plaintextLength = inLength - TAG_LENGTH;
        Objects.checkFromIndexSize(outOffset, plaintextLength, out.length);
        if (ivLength > LibCrypto.MAX_IV_LENGTH) {
            return fallback().open(key, iv, ivOffset, ivLength, aad, aadOffset, aadLength, in, inOffset, inLength,
                    out, outOffset);
        }
        if (in != out) {
            return openDirect(key, iv, ivOffset, ivLength, aad, aadOffset, aadLength, in, inOffset, inLength, out,
                    outOffset);
        }
        try {
            ensureData((long) aadLength + inLength);
            long text = dataAddress + aadLength;
            MemorySegment.copy(in, inOffset, data, JAVA_BYTE, aadLength, inLength);
            if (!start(key, DECRYPT, iv, ivOffset, ivLength) || !addAad(aad, aadOffset, aadLength)
                    || !update(text, plaintextLength)
                    || (int) LibCrypto.CTRL.invokeExact(ctx, LibCrypto.CTRL_GCM_SET_TAG, TAG_LENGTH,
                            text + plaintextLength) != 1
                    || (int) LibCrypto.CIPHER_FINAL.invokeExact(ctx, text + plaintextLength,
                            fixedAddress + OUT_LENGTH) <= 0) {
                data.asSlice(aadLength, plaintextLength).fill((byte) 0); // unauthenticated plaintext
                return -1;
            }
            MemorySegment.copy(data, JAVA_BYTE, aadLength, out, outOffset, plaintextLength);
            return plaintextLength;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            return -1;
        }
    }

    /** {@code seal} reading and writing the caller's arrays in place (no copy but the 16-byte tag). */
    private int sealDirect(SecretKey key, byte[] iv, int ivOffset, int ivLength, byte[] aad, int aadOffset,
            int aadLength, byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        try {
            if (!start(key, ENCRYPT, iv, ivOffset, ivLength) || !addAadDirect(aad, aadOffset, aadLength)
                    || !updateDirect(in, inOffset, out, outOffset, inLength)
                    || (int) LibCrypto.CIPHER_FINAL.invokeExact(ctx, fixedAddress + TAG,
                            fixedAddress + OUT_LENGTH) != 1
                    || (int) LibCrypto.CTRL.invokeExact(ctx, LibCrypto.CTRL_GCM_GET_TAG, TAG_LENGTH,
                            fixedAddress + TAG) != 1) {
                throw new IllegalStateException("AES-GCM encryption failed in libcrypto");
            }
            MemorySegment.copy(fixed, JAVA_BYTE, TAG, out, outOffset + inLength, TAG_LENGTH);
            return inLength + TAG_LENGTH;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("AES-GCM encryption failed in libcrypto", e);
        }
    }

    /** {@code open} from one array into another (no copy but the tag); zeroes the output when it fails. */
    private int openDirect(SecretKey key, byte[] iv, int ivOffset, int ivLength, byte[] aad, int aadOffset,
            int aadLength, byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        int plaintextLength = inLength - TAG_LENGTH;
        boolean authentic;
        try {
            MemorySegment.copy(in, inOffset + plaintextLength, fixed, JAVA_BYTE, TAG, TAG_LENGTH);
            authentic = start(key, DECRYPT, iv, ivOffset, ivLength) && addAadDirect(aad, aadOffset, aadLength)
                    && updateDirect(in, inOffset, out, outOffset, plaintextLength)
                    && (int) LibCrypto.CTRL.invokeExact(ctx, LibCrypto.CTRL_GCM_SET_TAG, TAG_LENGTH,
                            fixedAddress + TAG) == 1
                    && (int) LibCrypto.CIPHER_FINAL.invokeExact(ctx, fixedAddress + TAG,
                            fixedAddress + OUT_LENGTH) > 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            authentic = false;
        }
        if (!authentic) {
            Arrays.fill(out, outOffset, outOffset + plaintextLength, (byte) 0); // unauthenticated plaintext
            return -1;
        }
        return plaintextLength;
    }

    private boolean addAadDirect(byte[] aad, int aadOffset, int aadLength) throws Throwable {
        return aadLength == 0 || (int) LibCrypto.CIPHER_UPDATE_HEAP.invokeExact(ctx, MemorySegment.NULL,
                fixedAddress + OUT_LENGTH, slices.at(aad, aadOffset), aadLength) == 1;
    }

    private boolean updateDirect(byte[] in, int inOffset, byte[] out, int outOffset, int length) throws Throwable {
        return length == 0 || (int) LibCrypto.CIPHER_UPDATE_HEAP.invokeExact(ctx, slices.at(out, outOffset),
                fixedAddress + OUT_LENGTH, slices.at(in, inOffset), length) == 1
                && fixed.get(JAVA_INT, OUT_LENGTH) == length;
    }

    /** Sets the IV (and the key and direction when they changed): the only per-frame set-up. */
    private boolean start(SecretKey key, int mode, byte[] iv, int ivOffset, int ivLength) throws Throwable {
        if (ivLength <= 0) {
            throw new IllegalArgumentException("AES-GCM needs a non-empty IV");
        }
        MemorySegment.copy(iv, ivOffset, fixed, JAVA_BYTE, IV, ivLength);
        if (key != currentKey || mode != currentMode) {
            return rekey(key, mode, ivLength);
        }
        if (ivLength != currentIvLength && !setIvLength(ivLength)) {
            return false;
        }
        return (int) LibCrypto.CIPHER_INIT.invokeExact(ctx, 0L, 0L, 0L, fixedAddress + IV, mode) == 1;
    }

    private boolean rekey(SecretKey key, int mode, int ivLength) throws Throwable {
        currentKey = null;
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("Not an AES key");
        }
        byte[] raw = key.getEncoded();
        if (raw == null) {
            throw new IllegalArgumentException("Not a raw AES key");
        }
        try {
            long type = switch (raw.length) {
                case 16 -> LibCrypto.AES_128_GCM;
                case 24 -> LibCrypto.AES_192_GCM;
                case 32 -> LibCrypto.AES_256_GCM;
                default -> throw new IllegalArgumentException("AES key of " + raw.length + " bytes");
            };
            if ((int) LibCrypto.CIPHER_INIT.invokeExact(ctx, type, 0L, 0L, 0L, mode) != 1) {
                return false;
            }
            currentIvLength = 12; // a fresh cipher type starts with GCM's default IV length
            if (ivLength != currentIvLength && !setIvLength(ivLength)) {
                return false;
            }
            MemorySegment.copy(raw, 0, fixed, JAVA_BYTE, KEY, raw.length);
            if ((int) LibCrypto.CIPHER_INIT.invokeExact(ctx, 0L, 0L, fixedAddress + KEY, fixedAddress + IV,
                    mode) != 1) {
                return false;
            }
            currentKey = key;
            currentMode = mode;
            return true;
        } finally {
            Arrays.fill(raw, (byte) 0);
            fixed.asSlice(KEY, 32).fill((byte) 0);
        }
    }

    private boolean setIvLength(int ivLength) throws Throwable {
        if ((int) LibCrypto.CTRL.invokeExact(ctx, LibCrypto.CTRL_GCM_SET_IVLEN, ivLength, 0L) != 1) {
            return false;
        }
        currentIvLength = ivLength;
        return true;
    }

    /** Copies the AAD to the start of the data block and feeds it. */
    private boolean addAad(byte[] aad, int aadOffset, int aadLength) throws Throwable {
        if (aadLength == 0) {
            return true;
        }
        MemorySegment.copy(aad, aadOffset, data, JAVA_BYTE, 0, aadLength);
        return (int) LibCrypto.CIPHER_UPDATE.invokeExact(ctx, 0L, fixedAddress + OUT_LENGTH, dataAddress,
                aadLength) == 1;
    }

    /** En- or decrypts {@code length} bytes at {@code text} in place. */
    private boolean update(long text, int length) throws Throwable {
        if (length == 0) {
            return true;
        }
        return (int) LibCrypto.CIPHER_UPDATE.invokeExact(ctx, text, fixedAddress + OUT_LENGTH, text, length) == 1
                && fixed.get(JAVA_INT, OUT_LENGTH) == length;
    }

    private void ensureData(long size) {
        if (size > data.byteSize()) {
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Frame too large");
            }
            allocateData(Math.max(size, 2 * data.byteSize()));
        }
    }

    private void allocateData(long size) {
        if (data != null) {
            data.fill((byte) 0);
        }
        data = Arena.ofAuto().allocate(size, 16);
        dataAddress = data.address();
    }

    /** IVs longer than OpenSSL's GCM accepts (never sent by LiveKit or SFrame) still work, as SunJCE takes them. */
    private AesGcm fallback() {
        if (longIvFallback == null) {
            longIvFallback = AesGcmEngine.jdk().newAesGcm();
        }
        return longIvFallback;
    }

    @Override
    public String toString() {
        return "OpenSslAesGcm";
    }
}
