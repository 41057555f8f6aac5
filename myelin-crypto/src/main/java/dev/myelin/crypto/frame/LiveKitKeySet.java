package dev.myelin.crypto.frame;

import dev.myelin.crypto.SecretBytes;
import javax.crypto.spec.SecretKeySpec;

/** One ring slot: the material and the AES key derived from it, plus the next ratchet step once computed. */
final class LiveKitKeySet {
    final LiveKitKeyMaterial material;
    final SecretKeySpec aesKey;
    private LiveKitKeySet ratcheted;

    private LiveKitKeySet(LiveKitKeyMaterial material, SecretKeySpec aesKey) {
        this.material = material;
        this.aesKey = aesKey;
    }

    static LiveKitKeySet derive(LiveKitKeyMaterial material, LiveKitKeyOptions options) {
        SecretBytes key = material.deriveAesKey(options.ratchetSalt(), options.keySizeBits());
        byte[] raw = key.exposeCopy();
        SecretKeySpec spec = new SecretKeySpec(raw, "AES");
        java.util.Arrays.fill(raw, (byte) 0);
        key.wipe();
        return new LiveKitKeySet(material, spec);
    }

    /** The key set one ratchet step on, cached: failing frames would otherwise re-derive it every time. */
    synchronized LiveKitKeySet ratcheted(LiveKitKeyOptions options) {
        if (ratcheted == null) {
            ratcheted = derive(material.ratchet(options.ratchetSalt()), options);
        }
        return ratcheted;
    }
}
