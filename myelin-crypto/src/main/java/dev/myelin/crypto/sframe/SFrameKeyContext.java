package dev.myelin.crypto.sframe;

import dev.myelin.crypto.aead.AesCtr;
import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.Hmac;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AEAD of one (suite, KID) key: AES-GCM, or AES-CTR + truncated HMAC (RFC 9605 section 4.5.1), over the owner's
 * engine primitives. Holds its keys and nonce, AAD and MAC buffers, so sealing and opening allocate only what the
 * primitives do (nothing with the native engine). Not thread-safe.
 */
final class SFrameKeyContext {
    final long kid;
    private final SFrameCipherSuite suite;
    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec authenticationKey;
    private final byte[] salt;
    private final byte[] nonce;
    private final byte[] counterBlock = new byte[16];
    private final byte[] lengths = new byte[24];
    private final byte[] macOutput;
    private final AesGcm gcm;
    private final AesCtr ctr;
    private final Hmac hmac;
    private byte[] aad = new byte[0];

    /** {@code primitives} may be shared with the owner's other keys. */
    SFrameKeyContext(SFrameCipherSuite suite, long kid, byte[] key, byte[] salt, SFramePrimitives primitives) {
        this.suite = suite;
        this.kid = kid;
        this.salt = salt.clone();
        this.nonce = new byte[suite.nonceLength()];
        this.gcm = primitives.gcm();
        this.ctr = primitives.ctr();
        this.hmac = primitives.hmac();
        if (suite.isGcm()) {
            encryptionKey = new SecretKeySpec(key, "AES");
            authenticationKey = null;
            macOutput = null;
        } else {
            int nka = suite.encryptionKeyLength();
            encryptionKey = new SecretKeySpec(key, 0, nka, "AES");
            authenticationKey = new SecretKeySpec(key, nka, key.length - nka, suite.hmacAlgorithm());
            macOutput = new byte[hmac.length()];
        }
    }

    /** nonce = salt XOR CTR (right-aligned, big-endian). */
    private void makeNonce(long ctr) {
        System.arraycopy(salt, 0, nonce, 0, nonce.length);
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (ctr >>> (8 * i));
        }
    }

    /** Writes ciphertext ‖ tag to {@code out}; AAD is {@code aad1 ‖ aad2}. Returns bytes written. */
    int seal(long ctr, byte[] aad1, int a1Off, int a1Len, byte[] aad2, int a2Off, int a2Len,
            byte[] pt, int ptOff, int ptLen, byte[] out, int outOff) {
        makeNonce(ctr);
        if (suite.isGcm()) {
            if (a2Len == 0) {
                return gcm.seal(encryptionKey, nonce, 0, nonce.length, aad1, a1Off, a1Len, pt, ptOff, ptLen, out,
                        outOff);
            }
            int aadLength = joinAad(aad1, a1Off, a1Len, aad2, a2Off, a2Len);
            return gcm.seal(encryptionKey, nonce, 0, nonce.length, aad, 0, aadLength, pt, ptOff, ptLen, out, outOff);
        }
        applyCtr(pt, ptOff, ptLen, out, outOff);
        tag(aad1, a1Off, a1Len, aad2, a2Off, a2Len, out, outOff, ptLen);
        System.arraycopy(macOutput, 0, out, outOff + ptLen, suite.tagLength());
        return ptLen + suite.tagLength();
    }

    /** Opens ciphertext ‖ tag into {@code out}; false when authentication fails. Returns plaintext length or -1. */
    int open(long ctr, byte[] aad1, int a1Off, int a1Len, byte[] aad2, int a2Off, int a2Len,
            byte[] ct, int ctOff, int ctLen, byte[] out, int outOff) {
        int nt = suite.tagLength();
        if (ctLen < nt) {
            return -1;
        }
        makeNonce(ctr);
        if (suite.isGcm()) {
            if (a2Len == 0) {
                return gcm.open(encryptionKey, nonce, 0, nonce.length, aad1, a1Off, a1Len, ct, ctOff, ctLen, out,
                        outOff);
            }
            int aadLength = joinAad(aad1, a1Off, a1Len, aad2, a2Off, a2Len);
            return gcm.open(encryptionKey, nonce, 0, nonce.length, aad, 0, aadLength, ct, ctOff, ctLen, out, outOff);
        }
        int bodyLength = ctLen - nt;
        tag(aad1, a1Off, a1Len, aad2, a2Off, a2Len, ct, ctOff, bodyLength);
        int diff = 0;
        for (int i = 0; i < nt; i++) {
            diff |= macOutput[i] ^ ct[ctOff + bodyLength + i];
        }
        if (diff != 0) {
            return -1;
        }
        applyCtr(ct, ctOff, bodyLength, out, outOff);
        return bodyLength;
    }

    /** header ‖ metadata into the reused AAD buffer; returns its length. */
    private int joinAad(byte[] aad1, int a1Off, int a1Len, byte[] aad2, int a2Off, int a2Len) {
        int length = a1Len + a2Len;
        if (aad.length < length) {
            aad = new byte[Math.max(length, aad.length * 2)];
        }
        System.arraycopy(aad1, a1Off, aad, 0, a1Len);
        System.arraycopy(aad2, a2Off, aad, a1Len, a2Len);
        return length;
    }

    private void applyCtr(byte[] in, int inOff, int len, byte[] out, int outOff) {
        System.arraycopy(nonce, 0, counterBlock, 0, nonce.length);
        Arrays.fill(counterBlock, nonce.length, 16, (byte) 0);
        ctr.apply(encryptionKey, counterBlock, in, inOff, len, out, outOff);
    }

    /** HMAC(authKey, u64(len aad) ‖ u64(len ct) ‖ u64(Nt) ‖ nonce ‖ aad ‖ ct) into {@link #macOutput}. */
    private void tag(byte[] aad1, int a1Off, int a1Len, byte[] aad2, int a2Off, int a2Len, byte[] ct, int ctOff,
            int ctLen) {
        putU64(lengths, 0, (long) a1Len + a2Len);
        putU64(lengths, 8, ctLen);
        putU64(lengths, 16, suite.tagLength());
        hmac.start(authenticationKey);
        hmac.update(lengths, 0, lengths.length);
        hmac.update(nonce, 0, nonce.length);
        hmac.update(aad1, a1Off, a1Len);
        hmac.update(aad2, a2Off, a2Len);
        hmac.update(ct, ctOff, ctLen);
        hmac.finish(macOutput, 0);
    }

    private static void putU64(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
