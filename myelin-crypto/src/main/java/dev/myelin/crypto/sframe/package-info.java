/**
 * SFrame (RFC 9605): {@link dev.myelin.crypto.sframe.SFrameHeader} encoding, the key schedule and sender-key ratchet
 * ({@link dev.myelin.crypto.sframe.SFrameKeySchedule}), KID layouts ({@link dev.myelin.crypto.sframe.SFrameKeyIds}),
 * cipher suites 1–5, a sender's {@link dev.myelin.crypto.sframe.SFrameEncryptor} and a receiver's
 * {@link dev.myelin.crypto.sframe.SFrameDecryptor} over a KID-indexed key ring, with optional replay protection
 * ({@link dev.myelin.crypto.sframe.SFrameReplayWindow}, one per KID).
 */
package dev.myelin.crypto.sframe;
