package dev.myelin.crypto.openssl;

import java.math.BigInteger;

/**
 * RFC 8032 section 5.1.3's encoding rules for a point, which OpenSSL's Ed25519 (3.0 at least) does not enforce on
 * public keys: it reduces a {@code y} at or above the field prime {@code p} modulo {@code p}, and it takes the sign
 * bit of an {@code x} that is zero as if it were clear. The JDK refuses both, so without this check the two engines
 * would disagree, e.g. OpenSSL would verify {@code R = identity, S = 0} under the non-canonical identity key
 * {@code y = p + 1}. Public keys are not secret: no need for constant time.
 */
final class CanonicalEd25519Point {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger MINUS_ONE = P.subtract(BigInteger.ONE);

    private CanonicalEd25519Point() {
    }

    /** Whether these 32 bytes are the one encoding RFC 8032 allows of the point they stand for, if any. */
    static boolean isCanonical(byte[] encoded) {
        if (encoded.length != 32) {
            return false;
        }
        boolean xNegative = (encoded[31] & 0x80) != 0;
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = encoded[31 - i];
        }
        bigEndian[0] &= 0x7f;
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(P) >= 0) {
            return false; // "If the resulting value is >= p, decoding fails."
        }
        // y = 1 or -1 gives x = 0, whose sign bit must be clear: "If x = 0, and x_0 = 1, decoding fails."
        return !(xNegative && (y.equals(BigInteger.ONE) || y.equals(MINUS_ONE)));
    }
}
