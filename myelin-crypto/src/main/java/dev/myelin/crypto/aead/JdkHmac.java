package dev.myelin.crypto.aead;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/** The JDK's {@link Mac}, initialised again only when the key object changes. */
final class JdkHmac implements Hmac {
    private final Mac mac;
    private SecretKey currentKey;

    JdkHmac(String algorithm) {
        try {
            mac = Mac.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    @Override
    public int length() {
        return mac.getMacLength();
    }

    @Override
    public void start(SecretKey key) {
        if (key == currentKey) {
            mac.reset();
            return;
        }
        currentKey = null;
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Unusable HMAC key: " + e.getMessage(), e);
        }
        currentKey = key;
    }

    @Override
    public void update(byte[] data, int offset, int length) {
        mac.update(data, offset, length);
    }

    @Override
    public void finish(byte[] out, int offset) {
        try {
            mac.doFinal(out, offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JdkHmac[" + mac.getAlgorithm() + "]";
    }
}
