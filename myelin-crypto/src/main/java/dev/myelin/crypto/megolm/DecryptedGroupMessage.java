package dev.myelin.crypto.megolm;

/** A decrypted Megolm message and its index (callers reject an index they already saw for another event). */
public record DecryptedGroupMessage(byte[] plaintext, long messageIndex) {
    public DecryptedGroupMessage {
        plaintext = plaintext.clone();
    }

    @Override
    public byte[] plaintext() {
        return plaintext.clone();
    }
}
