/**
 * The symmetric primitives the frame encryptors use: an {@link dev.myelin.crypto.aead.AesGcmEngine} hands out
 * {@link dev.myelin.crypto.aead.AesGcm} (and, for SFrame's CTR+HMAC suites, {@link dev.myelin.crypto.aead.AesCtr} and
 * {@link dev.myelin.crypto.aead.Hmac}) instances, one per encryptor or decryptor. The JDK engine is the default; a
 * native engine (module {@code dev.myelin.crypto.openssl}) can be plugged in by callers.
 */
package dev.myelin.crypto.aead;
