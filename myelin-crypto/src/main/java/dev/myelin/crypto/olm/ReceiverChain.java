package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A chain the other side sends on: their ratchet key, the next chain key, and message keys skipped over. */
final class ReceiverChain {
    /** libolm and vodozemac keep at most 40 skipped message keys; older ones are dropped first. */
    static final int MAX_SKIPPED_KEYS = 40;

    private final Curve25519PublicKey ratchetKey;
    private ChainKey chainKey;
    private final LinkedHashMap<Long, SecretBytes> skippedKeys = new LinkedHashMap<>();

    ReceiverChain(Curve25519PublicKey ratchetKey, ChainKey chainKey) {
        this.ratchetKey = ratchetKey;
        this.chainKey = chainKey;
    }

    Curve25519PublicKey ratchetKey() {
        return ratchetKey;
    }

    ChainKey chainKey() {
        return chainKey;
    }

    Map<Long, SecretBytes> skippedKeys() {
        return skippedKeys;
    }

    Optional<SecretBytes> skippedKey(long index) {
        return Optional.ofNullable(skippedKeys.get(index));
    }

    void forgetSkippedKey(long index) {
        SecretBytes key = skippedKeys.remove(index);
        if (key != null) {
            key.wipe();
        }
    }

    /** Moves the chain to {@code next}, keeping {@code skipped} keys (bounded, oldest dropped). */
    void advance(ChainKey next, Map<Long, SecretBytes> skipped) {
        chainKey = next;
        skippedKeys.putAll(skipped);
        var oldest = skippedKeys.entrySet().iterator();
        while (skippedKeys.size() > MAX_SKIPPED_KEYS) {
            oldest.next().getValue().wipe();
            oldest.remove();
        }
    }

    void restoreSkippedKey(long index, SecretBytes key) {
        skippedKeys.put(index, key);
    }
}
