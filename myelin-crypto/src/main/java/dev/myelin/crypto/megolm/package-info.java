/**
 * Megolm ({@code m.megolm.v1.aes-sha2}) in pure Java, byte-compatible with libolm and vodozemac.
 *
 * <p>{@link dev.myelin.crypto.megolm.OutboundGroupSession} encrypts and signs; its session key travels in
 * {@code m.room_key} to {@link dev.myelin.crypto.megolm.InboundGroupSession}s. {@link
 * dev.myelin.crypto.megolm.MegolmRoomEvents} wraps room events, {@link dev.myelin.crypto.megolm.KeyExportFile} reads and
 * writes the passphrase-protected key-export files clients exchange.
 */
package dev.myelin.crypto.megolm;
