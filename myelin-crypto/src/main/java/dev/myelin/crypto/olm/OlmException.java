package dev.myelin.crypto.olm;

/**
 * Any Olm failure: a message that does not parse, does not authenticate, or does not belong to a session. Messages
 * are deliberately terse: a decrypt failure never says which check failed beyond what a peer already knows.
 */
public final class OlmException extends RuntimeException {
    public OlmException(String message) {
        super(message);
    }
}
