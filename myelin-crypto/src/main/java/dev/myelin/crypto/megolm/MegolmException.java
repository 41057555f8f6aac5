package dev.myelin.crypto.megolm;

/** Any Megolm failure: a malformed message or key, a bad signature or MAC, an index the session cannot reach. */
public final class MegolmException extends RuntimeException {
    public MegolmException(String message) {
        super(message);
    }
}
