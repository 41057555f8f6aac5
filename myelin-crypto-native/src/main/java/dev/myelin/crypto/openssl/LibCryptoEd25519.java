package dev.myelin.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The libcrypto functions Ed25519 needs, bound once (on first use) in {@link LibCryptoLibrary}'s library. Key and context set-up
 * are plain downcalls (they allocate and may take OpenSSL's locks); the one-shot sign and verify are critical
 * downcalls reading and writing the caller's arrays as heap segments: tens of microseconds of pure computation that
 * never calls back into Java, so holding off the GC that long is fine and no copy into native memory is needed.
 */
final class LibCryptoEd25519 {
    /** {@code EVP_PKEY_ED25519}, i.e. {@code NID_ED25519}. */
    static final int EVP_PKEY_ED25519 = 1087;

    static final MethodHandle NEW_RAW_PRIVATE_KEY;
    static final MethodHandle NEW_RAW_PUBLIC_KEY;
    static final MethodHandle GET_RAW_PUBLIC_KEY;
    static final MethodHandle PKEY_FREE;
    static final MethodHandle MD_CTX_NEW;
    static final MethodHandle MD_CTX_FREE;
    static final MethodHandle DIGEST_SIGN_INIT;
    static final MethodHandle DIGEST_VERIFY_INIT;
    /** {@code EVP_DigestSign} with signature, its length and the message as heap segments. */
    static final MethodHandle DIGEST_SIGN;
    /** {@code EVP_DigestVerify} with signature and message as heap segments. */
    static final MethodHandle DIGEST_VERIFY;
    static final MethodHandle ERR_CLEAR_ERROR;
    private static final RuntimeException LOAD_FAILURE;

    static {
        MethodHandle[] handles = new MethodHandle[11];
        RuntimeException failure = null;
        try {
            bind(LibCryptoLibrary.library(), handles);
        } catch (RuntimeException e) {
            failure = e;
        }
        NEW_RAW_PRIVATE_KEY = handles[0];
        NEW_RAW_PUBLIC_KEY = handles[1];
        GET_RAW_PUBLIC_KEY = handles[2];
        PKEY_FREE = handles[3];
        MD_CTX_NEW = handles[4];
        MD_CTX_FREE = handles[5];
        DIGEST_SIGN_INIT = handles[6];
        DIGEST_VERIFY_INIT = handles[7];
        DIGEST_SIGN = handles[8];
        DIGEST_VERIFY = handles[9];
        ERR_CLEAR_ERROR = handles[10];
        LOAD_FAILURE = failure;
    }

    private LibCryptoEd25519() {
    }

    /** Throws {@link IllegalStateException} saying what is missing unless libcrypto and its Ed25519 were bound. */
    static void check() {
        if (LOAD_FAILURE != null) {
            throw new IllegalStateException(LOAD_FAILURE.getMessage(), LOAD_FAILURE);
        }
    }

    private static void bind(SymbolLookup lib, MethodHandle[] handles) {
        Linker linker = Linker.nativeLinker();
        Linker.Option heapCritical = Linker.Option.critical(true);
        // EVP_PKEY *EVP_PKEY_new_raw_private_key(int type, ENGINE *e, const uchar *key, size_t keylen), and _public_
        FunctionDescriptor newRawKey = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        handles[0] = linker.downcallHandle(find(lib, "EVP_PKEY_new_raw_private_key"), newRawKey);
        handles[1] = linker.downcallHandle(find(lib, "EVP_PKEY_new_raw_public_key"), newRawKey);
        // int EVP_PKEY_get_raw_public_key(const EVP_PKEY *pkey, uchar *pub, size_t *len)
        handles[2] = linker.downcallHandle(find(lib, "EVP_PKEY_get_raw_public_key"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        handles[3] = linker.downcallHandle(find(lib, "EVP_PKEY_free"), FunctionDescriptor.ofVoid(JAVA_LONG));
        handles[4] = linker.downcallHandle(find(lib, "EVP_MD_CTX_new"), FunctionDescriptor.of(JAVA_LONG));
        handles[5] = linker.downcallHandle(find(lib, "EVP_MD_CTX_free"), FunctionDescriptor.ofVoid(JAVA_LONG));
        // int EVP_DigestSignInit(EVP_MD_CTX *ctx, EVP_PKEY_CTX **pctx, const EVP_MD *type, ENGINE *e, EVP_PKEY *pkey)
        FunctionDescriptor init = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_LONG);
        handles[6] = linker.downcallHandle(find(lib, "EVP_DigestSignInit"), init);
        handles[7] = linker.downcallHandle(find(lib, "EVP_DigestVerifyInit"), init);
        // int EVP_DigestSign(EVP_MD_CTX *ctx, uchar *sig, size_t *siglen, const uchar *tbs, size_t tbslen)
        handles[8] = linker.downcallHandle(find(lib, "EVP_DigestSign"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), heapCritical);
        // int EVP_DigestVerify(EVP_MD_CTX *ctx, const uchar *sig, size_t siglen, const uchar *tbs, size_t tbslen)
        handles[9] = linker.downcallHandle(find(lib, "EVP_DigestVerify"),
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), heapCritical);
        handles[10] = linker.downcallHandle(find(lib, "ERR_clear_error"), FunctionDescriptor.ofVoid());
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return LibCryptoLibrary.find(lib, name);
    }
}
