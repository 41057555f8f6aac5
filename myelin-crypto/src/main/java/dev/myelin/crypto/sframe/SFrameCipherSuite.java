package dev.myelin.crypto.sframe;

import java.util.Optional;

/** The cipher suites of RFC 9605 section 8.1 (sizes in bytes). */
public enum SFrameCipherSuite {
    AES_128_CTR_HMAC_SHA256_80(0x0001, 32, 16, 48, 12, 10),
    AES_128_CTR_HMAC_SHA256_64(0x0002, 32, 16, 48, 12, 8),
    AES_128_CTR_HMAC_SHA256_32(0x0003, 32, 16, 48, 12, 4),
    AES_128_GCM_SHA256_128(0x0004, 32, 0, 16, 12, 16),
    AES_256_GCM_SHA512_128(0x0005, 64, 0, 32, 12, 16);

    private final int id;
    private final int hashLength;
    private final int encryptionKeyLength;
    private final int keyLength;
    private final int nonceLength;
    private final int tagLength;

    SFrameCipherSuite(int id, int nh, int nka, int nk, int nn, int nt) {
        this.id = id;
        this.hashLength = nh;
        this.encryptionKeyLength = nka;
        this.keyLength = nk;
        this.nonceLength = nn;
        this.tagLength = nt;
    }

    public static Optional<SFrameCipherSuite> byId(int id) {
        for (SFrameCipherSuite suite : values()) {
            if (suite.id == id) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }

    /** The IANA value. */
    public int id() {
        return id;
    }

    /** Nh: output length of the suite's hash. */
    public int hashLength() {
        return hashLength;
    }

    /** Nk: length of the derived key (for CTR+HMAC suites: encryption key then authentication key). */
    public int keyLength() {
        return keyLength;
    }

    /** Nn: nonce length. */
    public int nonceLength() {
        return nonceLength;
    }

    /** Nt: authentication tag length. */
    public int tagLength() {
        return tagLength;
    }

    /** Nka: AES key length of a CTR+HMAC suite; 0 for GCM suites. */
    int encryptionKeyLength() {
        return encryptionKeyLength;
    }

    boolean isGcm() {
        return encryptionKeyLength == 0;
    }

    String hmacAlgorithm() {
        return hashLength == 64 ? "HmacSHA512" : "HmacSHA256";
    }

    String hkdfAlgorithm() {
        return hashLength == 64 ? "HKDF-SHA512" : "HKDF-SHA256";
    }
}
