/** Olm/Megolm, signing, key-sharing policy and media-frame encryption. Pure: no I/O, no threads, no wall clock. */
module dev.myelin.crypto {
    requires transitive dev.myelin.json;
    requires transitive dev.myelin.protocol;

    exports dev.myelin.crypto;
    exports dev.myelin.crypto.aead;
    exports dev.myelin.crypto.frame;
    exports dev.myelin.crypto.keyshare;
    exports dev.myelin.crypto.keyshare.simulation;
    exports dev.myelin.crypto.megolm;
    exports dev.myelin.crypto.olm;
    exports dev.myelin.crypto.sframe;

    // A faster Ed25519 (myelin-crypto-native's OpenSSL one) when installed; see Ed25519Engine.installed().
    uses dev.myelin.crypto.Ed25519Engine;
}
