package dev.myelin.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The few libcrypto (OpenSSL 3) functions AES-GCM needs, bound once. The per-frame calls are critical downcalls (no
 * thread-state transition); they are short (microseconds for a video frame) and never call back into Java, as
 * critical calls must.
 */
final class LibCrypto {
    static final int CTRL_GCM_SET_IVLEN = 0x9;
    static final int CTRL_GCM_GET_TAG = 0x10;
    static final int CTRL_GCM_SET_TAG = 0x11;
    /** OpenSSL's GCM takes IVs up to this length (GCM_IV_MAX_SIZE); SunJCE and WebCrypto take longer ones. */
    static final int MAX_IV_LENGTH = 128;

    // static final, so that the JIT treats the handles as constants and inlines the downcalls: only then are the
    // heap-segment wrappers of a frame's arrays scalar-replaced instead of allocated
    static final MethodHandle CTX_NEW;
    static final MethodHandle CTX_FREE;
    static final MethodHandle CIPHER_INIT;
    static final MethodHandle CIPHER_UPDATE;
    static final MethodHandle CIPHER_FINAL;
    static final MethodHandle CTRL;
    /** {@code EVP_CipherUpdate} taking {@code out} and {@code in} as segments, heap arrays allowed (no copy). */
    static final MethodHandle CIPHER_UPDATE_HEAP;
    static final MethodHandle MAC_CTX_NEW;
    static final MethodHandle MAC_CTX_FREE;
    static final MethodHandle MAC_INIT;
    /** {@code EVP_MAC_update} taking the data as a segment, heap arrays allowed (no copy). */
    static final MethodHandle MAC_UPDATE_HEAP;
    static final MethodHandle MAC_FINAL;
    /** The fetched {@code EVP_MAC} for HMAC, kept for the life of the process. */
    static final long HMAC;
    static final long AES_128_CTR;
    static final long AES_192_CTR;
    static final long AES_256_CTR;
    static final long AES_128_GCM;
    static final long AES_192_GCM;
    static final long AES_256_GCM;
    static final String VERSION = LibCryptoLibrary.VERSION;
    private static final RuntimeException LOAD_FAILURE;

    static {
        MethodHandle[] handles = new MethodHandle[12];
        long[] ciphers = new long[7];
        RuntimeException failure = null;
        try {
            bind(LibCryptoLibrary.library(), handles, ciphers);
        } catch (RuntimeException e) {
            failure = e;
        }
        CTX_NEW = handles[0];
        CTX_FREE = handles[1];
        CIPHER_INIT = handles[2];
        CIPHER_UPDATE = handles[3];
        CIPHER_FINAL = handles[4];
        CTRL = handles[5];
        CIPHER_UPDATE_HEAP = handles[6];
        MAC_CTX_NEW = handles[7];
        MAC_CTX_FREE = handles[8];
        MAC_INIT = handles[9];
        MAC_UPDATE_HEAP = handles[10];
        MAC_FINAL = handles[11];
        AES_128_CTR = ciphers[3];
        AES_192_CTR = ciphers[4];
        AES_256_CTR = ciphers[5];
        HMAC = ciphers[6];
        AES_128_GCM = ciphers[0];
        AES_192_GCM = ciphers[1];
        AES_256_GCM = ciphers[2];
        LOAD_FAILURE = failure;
    }

    private LibCrypto() {
    }

    /** Throws {@link IllegalStateException} saying what is missing unless libcrypto was bound. */
    static void check() {
        if (LOAD_FAILURE != null) {
            throw new IllegalStateException(LOAD_FAILURE.getMessage(), LOAD_FAILURE);
        }
    }

    private static void bind(SymbolLookup lib, MethodHandle[] handles, long[] ciphers) {
        Linker linker = Linker.nativeLinker();
        // Per-frame calls take pointers as plain addresses (JAVA_LONG: a pointer is an INTEGER-class argument like a
        // long on every 64-bit ABI the JDK supports), so no MemorySegment is made per call; and they are critical.
        Linker.Option critical = Linker.Option.critical(false);
        handles[0] = linker.downcallHandle(find(lib, "EVP_CIPHER_CTX_new"), FunctionDescriptor.of(JAVA_LONG));
        handles[1] = linker.downcallHandle(find(lib, "EVP_CIPHER_CTX_free"), FunctionDescriptor.ofVoid(JAVA_LONG));
        // int EVP_CipherInit_ex(ctx, const EVP_CIPHER *type, ENGINE *impl, const uchar *key, const uchar *iv, int enc)
        handles[2] = linker.downcallHandle(find(lib, "EVP_CipherInit_ex"), FunctionDescriptor.of(JAVA_INT,
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT), critical);
        // int EVP_CipherUpdate(ctx, uchar *out, int *outl, const uchar *in, int inl)
        handles[3] = linker.downcallHandle(find(lib, "EVP_CipherUpdate"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT), critical);
        // int EVP_CipherFinal_ex(ctx, uchar *out, int *outl)
        handles[4] = linker.downcallHandle(find(lib, "EVP_CipherFinal_ex"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG), critical);
        // int EVP_CIPHER_CTX_ctrl(ctx, int type, int arg, void *ptr)
        handles[5] = linker.downcallHandle(find(lib, "EVP_CIPHER_CTX_ctrl"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG), critical);
        // The same function with the buffers as segments: a critical call that may take heap segments reads and writes
        // the Java arrays themselves (the GC cannot move them while the thread stays in Java state for the call).
        handles[6] = linker.downcallHandle(find(lib, "EVP_CipherUpdate"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        // EVP_MAC_CTX *EVP_MAC_CTX_new(EVP_MAC *mac); void EVP_MAC_CTX_free(EVP_MAC_CTX *ctx)
        handles[7] = linker.downcallHandle(find(lib, "EVP_MAC_CTX_new"), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
        handles[8] = linker.downcallHandle(find(lib, "EVP_MAC_CTX_free"), FunctionDescriptor.ofVoid(JAVA_LONG));
        // int EVP_MAC_init(EVP_MAC_CTX *ctx, const uchar *key, size_t keylen, const OSSL_PARAM params[])
        handles[9] = linker.downcallHandle(find(lib, "EVP_MAC_init"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), critical);
        // int EVP_MAC_update(EVP_MAC_CTX *ctx, const uchar *data, size_t datalen)
        handles[10] = linker.downcallHandle(find(lib, "EVP_MAC_update"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
        // int EVP_MAC_final(EVP_MAC_CTX *ctx, uchar *out, size_t *outl, size_t outsize)
        handles[11] = linker.downcallHandle(find(lib, "EVP_MAC_final"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), critical);
        try {
            ciphers[0] = cipher(linker, lib, "EVP_aes_128_gcm");
            ciphers[1] = cipher(linker, lib, "EVP_aes_192_gcm");
            ciphers[2] = cipher(linker, lib, "EVP_aes_256_gcm");
            ciphers[3] = cipher(linker, lib, "EVP_aes_128_ctr");
            ciphers[4] = cipher(linker, lib, "EVP_aes_192_ctr");
            ciphers[5] = cipher(linker, lib, "EVP_aes_256_ctr");
            ciphers[6] = fetchHmac(linker, lib);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libcrypto call failed: " + e, e);
        }
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return LibCryptoLibrary.find(lib, name);
    }

    /** {@code EVP_MAC_fetch(NULL, "HMAC", NULL)}, never freed. */
    private static long fetchHmac(Linker linker, SymbolLookup lib) throws Throwable {
        MethodHandle fetch = linker.downcallHandle(find(lib, "EVP_MAC_fetch"),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        long mac = (long) fetch.invokeExact(0L, Arena.global().allocateFrom("HMAC").address(), 0L);
        if (mac == 0) {
            throw new IllegalStateException("EVP_MAC_fetch(HMAC) returned NULL");
        }
        return mac;
    }

    private static long cipher(Linker linker, SymbolLookup lib, String name) throws Throwable {
        MethodHandle handle = linker.downcallHandle(find(lib, name), FunctionDescriptor.of(JAVA_LONG));
        long cipher = (long) handle.invokeExact();
        if (cipher == 0) {
            throw new IllegalStateException(name + " returned NULL");
        }
        return cipher;
    }
}
