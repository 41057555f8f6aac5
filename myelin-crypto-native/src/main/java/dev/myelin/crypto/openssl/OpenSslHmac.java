package dev.myelin.crypto.openssl;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.myelin.crypto.aead.Hmac;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * HMAC on one {@code EVP_MAC_CTX}: the key is set (and its pads hashed) when the key object changes, after that a
 * {@link #start} only restarts the context. The data is read from the caller's arrays directly (heap segments in
 * critical downcalls, remembered per array and offset); the MAC goes through a small native block. The context is
 * freed by a {@link Cleaner}. Not thread-safe.
 */
final class OpenSslHmac implements Hmac {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int MAX_KEY = 128;
    // Layout of the fixed native block.
    private static final int KEY = 0;
    private static final int OUT = MAX_KEY;
    private static final int OUT_LENGTH = OUT + 64;
    private static final int FIXED_SIZE = OUT_LENGTH + 8;

    private final long ctx;
    private final MemorySegment params;
    private final int length;
    private final MemorySegment fixed;
    private final long fixedAddress;
    private final HeapSlices slices = new HeapSlices();
    private SecretKey currentKey;

    OpenSslHmac(String algorithm) {
        LibCrypto.check();
        switch (algorithm) {
            case "HmacSHA256" -> {
                params = Params.SHA256;
                length = 32;
            }
            case "HmacSHA512" -> {
                params = Params.SHA512;
                length = 64;
            }
            default -> throw new IllegalArgumentException("Unsupported HMAC " + algorithm);
        }
        try {
            ctx = (long) LibCrypto.MAC_CTX_NEW.invokeExact(LibCrypto.HMAC);
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_MAC_CTX_new failed", e);
        }
        if (ctx == 0) {
            throw new IllegalStateException("EVP_MAC_CTX_new returned NULL");
        }
        CLEANER.register(this, new FreeContext(ctx));
        fixed = Arena.ofAuto().allocate(FIXED_SIZE, 16);
        fixedAddress = fixed.address();
    }

    /** The {@code OSSL_PARAM} arrays naming the digest, built once in native memory that lives for the process. */
    private static final class Params {
        static final MemorySegment SHA256 = digest("SHA256");
        static final MemorySegment SHA512 = digest("SHA512");

        private static MemorySegment digest(String name) {
            Arena arena = Arena.global();
            // struct OSSL_PARAM { const char *key; unsigned int data_type; void *data; size_t data_size;
            // size_t return_size; }: 40 bytes on 64-bit; the second, all-zero element ends the array
            MemorySegment array = arena.allocate(80, 8);
            array.set(JAVA_LONG, 0, arena.allocateFrom("digest").address());
            array.set(JAVA_INT, 8, 4); // OSSL_PARAM_UTF8_STRING
            array.set(JAVA_LONG, 16, arena.allocateFrom(name).address());
            array.set(JAVA_LONG, 24, name.length());
            array.set(JAVA_LONG, 32, -1L); // OSSL_PARAM_UNMODIFIED
            return array;
        }
    }

    private record FreeContext(long ctx) implements Runnable {
        @Override
        public void run() {
            try {
                LibCrypto.MAC_CTX_FREE.invokeExact(ctx); // also cleanses the key
            } catch (Throwable e) {
                throw new IllegalStateException("EVP_MAC_CTX_free failed", e);
            }
        }
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void start(SecretKey key) {
        try {
            if (key == currentKey) {
                if ((int) LibCrypto.MAC_INIT.invokeExact(ctx, 0L, 0L, 0L) != 1) { // same key: restart
                    throw new IllegalStateException("EVP_MAC_init failed");
                }
                return;
            }
            currentKey = null;
            byte[] raw = key.getEncoded();
            if (raw == null) {
                throw new IllegalArgumentException("Unusable HMAC key");
            }
            // keys longer than the fixed block (rare; HMAC hashes them anyway) get native memory of their own
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment copy = raw.length <= MAX_KEY ? fixed.asSlice(KEY, MAX_KEY)
                        : arena.allocate(raw.length);
                try {
                    MemorySegment.copy(raw, 0, copy, JAVA_BYTE, 0, raw.length);
                    if ((int) LibCrypto.MAC_INIT.invokeExact(ctx, copy.address(), (long) raw.length,
                            params.address()) != 1) {
                        throw new IllegalStateException("EVP_MAC_init failed");
                    }
                } finally {
                    Arrays.fill(raw, (byte) 0);
                    copy.fill((byte) 0);
                }
            }
            currentKey = key;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_MAC_init failed", e);
        }
    }

    @Override
    public void update(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0) {
            return;
        }
        try {
            if ((int) LibCrypto.MAC_UPDATE_HEAP.invokeExact(ctx, slices.at(data, offset), (long) length) != 1) {
                throw new IllegalStateException("EVP_MAC_update failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_MAC_update failed", e);
        }
    }

    @Override
    public void finish(byte[] out, int offset) {
        Objects.checkFromIndexSize(offset, length, out.length);
        try {
            if ((int) LibCrypto.MAC_FINAL.invokeExact(ctx, fixedAddress + OUT, fixedAddress + OUT_LENGTH, 64L) != 1
                    || fixed.get(JAVA_LONG, OUT_LENGTH) != length) {
                throw new IllegalStateException("EVP_MAC_final failed");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("EVP_MAC_final failed", e);
        }
        MemorySegment.copy(fixed, JAVA_BYTE, OUT, out, offset, length);
    }

    @Override
    public String toString() {
        return "OpenSslHmac[" + (length == 32 ? "SHA256" : "SHA512") + "]";
    }
}
