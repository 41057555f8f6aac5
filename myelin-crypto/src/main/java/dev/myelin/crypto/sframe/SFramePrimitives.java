package dev.myelin.crypto.sframe;

import dev.myelin.crypto.aead.AesCtr;
import dev.myelin.crypto.aead.AesGcm;
import dev.myelin.crypto.aead.AesGcmEngine;
import dev.myelin.crypto.aead.Hmac;

/**
 * The engine's primitives one encryptor or decryptor uses for its suite, shared by its keys (each primitive keeps
 * state for the last key it saw): AES-GCM for suites 4 and 5, AES-CTR and HMAC for suites 1–3.
 */
record SFramePrimitives(AesGcm gcm, AesCtr ctr, Hmac hmac) {

    static SFramePrimitives of(SFrameCipherSuite suite, AesGcmEngine engine) {
        if (suite.isGcm()) {
            return new SFramePrimitives(engine.newAesGcm(), null, null);
        }
        return new SFramePrimitives(null, engine.newAesCtr(), engine.newHmac(suite.hmacAlgorithm()));
    }
}
