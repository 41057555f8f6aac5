/**
 * AES-GCM as the frame encryptors use it: an {@link dev.myelin.crypto.aead.AesGcmEngine} hands out
 * {@link dev.myelin.crypto.aead.AesGcm} instances, one per encryptor or decryptor. The JDK engine is the default;
 * a native engine (module {@code dev.myelin.crypto.openssl}) can be plugged in by callers.
 */
package dev.myelin.crypto.aead;
