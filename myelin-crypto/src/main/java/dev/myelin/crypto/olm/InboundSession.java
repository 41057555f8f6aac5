package dev.myelin.crypto.olm;

import java.util.Objects;

/** A session created from a pre-key message, together with that message's plaintext. */
public record InboundSession(OlmSession session, byte[] plaintext) {
    public InboundSession {
        Objects.requireNonNull(session, "session");
        plaintext = plaintext.clone();
    }

    @Override
    public byte[] plaintext() {
        return plaintext.clone();
    }
}
