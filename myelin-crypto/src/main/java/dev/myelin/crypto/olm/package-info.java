/**
 * Olm ({@code m.olm.v1.curve25519-aes-sha2}) in pure Java, byte-compatible with libolm and vodozemac.
 *
 * <p>{@link dev.myelin.crypto.olm.OlmAccount} holds a device's keys and opens
 * {@link dev.myelin.crypto.olm.OlmSession}s: outbound from a claimed one-time or fallback key, inbound from a
 * {@link dev.myelin.crypto.olm.PreKeyMessage}. {@link dev.myelin.crypto.olm.OlmDevice} adds the Matrix layer: sessions
 * per peer device and the {@code m.room.encrypted} to-device content with the receiver checks. Everything here is
 * pure (no I/O, no clock); randomness comes from the {@code RandomGenerator} the caller supplies, a
 * {@code SecureRandom} outside tests. State persists through {@code pickle}/{@code unpickle}, sealed under a
 * caller-held 32-byte key.
 */
package dev.myelin.crypto.olm;
