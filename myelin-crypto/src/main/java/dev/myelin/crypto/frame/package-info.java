/**
 * LiveKit's end-to-end media encryption, as Element Call uses it, bit for bit with livekit-client 2.23.0.
 *
 * <p>Keys: {@link dev.myelin.crypto.frame.LiveKitKeyMaterial} (HKDF raw keys, PBKDF2 passphrases, the ratchet) go into
 * a participant's {@link dev.myelin.crypto.frame.LiveKitKeyRing}. Frames: one
 * {@link dev.myelin.crypto.frame.LiveKitFrameEncryptor} per outgoing track, one
 * {@link dev.myelin.crypto.frame.LiveKitFrameDecryptor} per incoming track, both writing into caller buffers. Data
 * channel: {@link dev.myelin.crypto.frame.LiveKitDataCryptor}. Every frame a decryptor refuses raises
 * {@link dev.myelin.crypto.frame.UndecryptableFrameException}, also used by the SFrame decryptor.
 */
package dev.myelin.crypto.frame;
