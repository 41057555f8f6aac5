package dev.myelin.crypto.openssl;

import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * AES-GCM on one {@code EVP_CIPHER_CTX}, kept across frames: the key schedule is set when the key object changes, a
 * frame only sets its IV. Arrays go to libcrypto as heap segments of critical downcalls, so a frame is neither copied
 * nor allocates (the segment wrappers are scalar-replaced once the JIT has compiled this class). The context is freed
 * by a {@link Cleaner} when this object becomes unreachable. Not thread-safe.
 */
final class OpenSslAesGcm implements AesGcm {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int DECRYPT = 0;
    private static final int ENCRYPT = 1;

    private final LibCrypto lib;
    private final MemorySegment ctx;
    private final MemorySegment outLength = MemorySegment.ofArray(new int[1]);
    private SecretKey currentKey;
    private int currentMode = -1;
    private int currentIvLength;
    private byte[] scratch = new byte[0];
    private AesGcm longIvFallback;

    OpenSslAesGcm(LibCrypto lib) {
        this.lib = lib;
        try {
            ctx = (MemorySegment) lib.ctxNew.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_CIPHER_CTX_new failed", e);
        }
        if (ctx.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("EVP_CIPHER_CTX_new returned NULL");
        }
        CLEANER.register(this, new FreeContext(lib, ctx));
    }

    /** Frees the context; holds no reference to its owner, or the owner would never become unreachable. */
    private record FreeContext(LibCrypto lib, MemorySegment ctx) implements Runnable {
        @Override
        public void run() {
            try {
                lib.ctxFree.invokeExact(ctx); // EVP_CIPHER_CTX_free also cleanses the key schedule
            } catch (Throwable e) {
                throw new IllegalStateException("EVP_CIPHER_CTX_free failed", e);
            }
        }
    }

    @Override
    public int seal(SecretKey key, byte[] iv, int ivOffset, int ivLength, byte[] aad, int aadOffset, int aadLength,
            byte[] in, int inOffset, int inLength, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(inOffset, inLength, in.length);
        Objects.checkFromIndexSize(outOffset, inLength + TAG_LENGTH, out.length);
        if (ivLength > LibCrypto.MAX_IV_LENGTH) {
            return fallback().seal(key, iv, ivOffset, ivLength, aad, aadOffset, aadLength, in, inOffset, inLength,
                    out, outOffset);
        }
        if (overlaps(in, inOffset, inLength, out, outOffset, inLength + TAG_LENGTH)) {
            byte[] buffer = scratch(inLength + TAG_LENGTH);
            int n = seal(key, iv, ivOffset, ivLength, aad, aadOffset, aadLength, in, inOffset, inLength, buffer, 0);
            System.arraycopy(buffer, 0, out, outOffset, n);
            return n;
        }
        try {
            if (!start(key, ENCRYPT, iv, ivOffset, ivLength) || !addAad(aad, aadOffset, aadLength)
                    || !update(in, inOffset, inLength, out, outOffset)) {
                throw new IllegalStateException("AES-GCM encryption failed in libcrypto");
            }
            MemorySegment tag = MemorySegment.ofArray(out).asSlice(outOffset + inLength, TAG_LENGTH);
            int ok = (int) lib.cipherFinal.invokeExact(ctx, tag, outLength);
            if (ok != 1 || (int) lib.ctrl.invokeExact(ctx, LibCrypto.CTRL_GCM_GET_TAG, TAG_LENGTH, tag) != 1) {
                throw new IllegalStateException("AES-GCM encryption failed in libcrypto");
            }
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
        Objects.checkFromIndexSize(inOffset, inLength, in.length);
        int plaintextLength = inLength - TAG_LENGTH;
        Objects.checkFromIndexSize(outOffset, plaintextLength, out.length);
        if (ivLength > LibCrypto.MAX_IV_LENGTH) {
            return fallback().open(key, iv, ivOffset, ivLength, aad, aadOffset, aadLength, in, inOffset, inLength,
                    out, outOffset);
        }
        if (overlaps(in, inOffset, inLength, out, outOffset, plaintextLength)) {
            // libcrypto writes plaintext before it checks the tag: keep the ciphertext intact for a retry
            byte[] buffer = scratch(plaintextLength);
            int n = open(key, iv, ivOffset, ivLength, aad, aadOffset, aadLength, in, inOffset, inLength, buffer, 0);
            if (n >= 0) {
                System.arraycopy(buffer, 0, out, outOffset, n);
            }
            return n;
        }
        try {
            if (!start(key, DECRYPT, iv, ivOffset, ivLength) || !addAad(aad, aadOffset, aadLength)) {
                return -1;
            }
            MemorySegment tag = MemorySegment.ofArray(in).asSlice(inOffset + plaintextLength, TAG_LENGTH);
            if (!update(in, inOffset, plaintextLength, out, outOffset)
                    || (int) lib.ctrl.invokeExact(ctx, LibCrypto.CTRL_GCM_SET_TAG, TAG_LENGTH, tag) != 1
                    || (int) lib.cipherFinal.invokeExact(ctx, MemorySegment.ofArray(out).asSlice(outOffset),
                            outLength) <= 0) {
                Arrays.fill(out, outOffset, outOffset + plaintextLength, (byte) 0); // unauthenticated plaintext
                return -1;
            }
            return plaintextLength;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            Arrays.fill(out, outOffset, outOffset + plaintextLength, (byte) 0);
            return -1;
        }
    }

    /** Sets the IV (and the key and direction when they changed): the only per-frame set-up. */
    private boolean start(SecretKey key, int mode, byte[] iv, int ivOffset, int ivLength) throws Throwable {
        if (ivLength <= 0) {
            throw new IllegalArgumentException("AES-GCM needs a non-empty IV");
        }
        MemorySegment ivSegment = MemorySegment.ofArray(iv).asSlice(ivOffset, ivLength);
        if (key != currentKey || mode != currentMode) {
            return rekey(key, mode, ivSegment, ivLength);
        }
        if (ivLength != currentIvLength && !setIvLength(ivLength)) {
            return false;
        }
        return (int) lib.cipherInit.invokeExact(ctx, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL,
                ivSegment, mode) == 1;
    }

    private boolean rekey(SecretKey key, int mode, MemorySegment ivSegment, int ivLength) throws Throwable {
        currentKey = null;
        byte[] raw = key.getEncoded();
        if (raw == null || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("Not a raw AES key");
        }
        try {
            MemorySegment type = switch (raw.length) {
                case 16 -> lib.aes128Gcm;
                case 24 -> lib.aes192Gcm;
                case 32 -> lib.aes256Gcm;
                default -> throw new IllegalArgumentException("AES key of " + raw.length + " bytes");
            };
            if ((int) lib.cipherInit.invokeExact(ctx, type, MemorySegment.NULL, MemorySegment.NULL,
                    MemorySegment.NULL, mode) != 1) {
                return false;
            }
            currentIvLength = 12; // a fresh cipher type starts with GCM's default IV length
            if (ivLength != currentIvLength && !setIvLength(ivLength)) {
                return false;
            }
            if ((int) lib.cipherInit.invokeExact(ctx, MemorySegment.NULL, MemorySegment.NULL,
                    MemorySegment.ofArray(raw), ivSegment, mode) != 1) {
                return false;
            }
            currentKey = key;
            currentMode = mode;
            return true;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private boolean setIvLength(int ivLength) throws Throwable {
        if ((int) lib.ctrl.invokeExact(ctx, LibCrypto.CTRL_GCM_SET_IVLEN, ivLength, MemorySegment.NULL) != 1) {
            return false;
        }
        currentIvLength = ivLength;
        return true;
    }

    private boolean addAad(byte[] aad, int aadOffset, int aadLength) throws Throwable {
        if (aadLength == 0) {
            return true;
        }
        MemorySegment segment = MemorySegment.ofArray(aad).asSlice(aadOffset, aadLength);
        return (int) lib.cipherUpdate.invokeExact(ctx, MemorySegment.NULL, outLength, segment, aadLength) == 1;
    }

    private boolean update(byte[] in, int inOffset, int length, byte[] out, int outOffset) throws Throwable {
        if (length == 0) {
            return true;
        }
        MemorySegment source = MemorySegment.ofArray(in).asSlice(inOffset, length);
        MemorySegment target = MemorySegment.ofArray(out).asSlice(outOffset, length);
        return (int) lib.cipherUpdate.invokeExact(ctx, target, outLength, source, length) == 1
                && outLength.get(java.lang.foreign.ValueLayout.JAVA_INT, 0) == length;
    }

    private static boolean overlaps(byte[] in, int inOffset, int inLength, byte[] out, int outOffset, int outLength) {
        return in == out && inOffset < outOffset + outLength && outOffset < inOffset + inLength;
    }

    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        return scratch;
    }

    /** IVs longer than OpenSSL's GCM accepts (never sent by LiveKit or SFrame) still open, as SunJCE takes them. */
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
