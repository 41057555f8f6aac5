package dev.myelin.crypto.olm;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.internal.Primitives;
import java.util.Arrays;

/** One step of a symmetric Olm chain: {@code M = HMAC(C, 0x01)}, {@code next C = HMAC(C, 0x02)}. */
record ChainKey(SecretBytes key, long index) {
    private static final byte[] MESSAGE_KEY_SEED = {1};
    private static final byte[] CHAIN_KEY_SEED = {2};

    SecretBytes messageKey() {
        return derive(MESSAGE_KEY_SEED);
    }

    ChainKey next() {
        return new ChainKey(derive(CHAIN_KEY_SEED), index + 1);
    }

    private SecretBytes derive(byte[] seed) {
        byte[] secret = key.exposeCopy();
        byte[] derived = Primitives.hmacSha256(secret, seed);
        Arrays.fill(secret, (byte) 0);
        SecretBytes result = SecretBytes.copyOf(derived);
        Arrays.fill(derived, (byte) 0);
        return result;
    }
}
