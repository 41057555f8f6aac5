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
 * The few libcrypto (OpenSSL 3) functions AES-GCM needs, bound once. The per-frame calls are critical downcalls: no
 * thread-state transition and direct access to Java arrays, which is what lets a frame go through without copying or
 * allocating. They are short (microseconds for a video frame) and never call back into Java, as critical calls must.
 */
final class LibCrypto {
    static final int CTRL_GCM_SET_IVLEN = 0x9;
    static final int CTRL_GCM_GET_TAG = 0x10;
    static final int CTRL_GCM_SET_TAG = 0x11;
    /** OpenSSL's GCM takes IVs up to this length (GCM_IV_MAX_SIZE); SunJCE and WebCrypto take longer ones. */
    static final int MAX_IV_LENGTH = 128;
    private static final String[] NAMES = {"libcrypto.so.3", "libcrypto.so"};

    final MethodHandle ctxNew;
    final MethodHandle ctxFree;
    final MethodHandle cipherInit;
    final MethodHandle cipherUpdate;
    final MethodHandle cipherFinal;
    final MethodHandle ctrl;
    final MemorySegment aes128Gcm;
    final MemorySegment aes192Gcm;
    final MemorySegment aes256Gcm;
    final String version;

    private LibCrypto(SymbolLookup lib) throws Throwable {
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(true);
        ctxNew = linker.downcallHandle(find(lib, "EVP_CIPHER_CTX_new"), FunctionDescriptor.of(ADDRESS));
        ctxFree = linker.downcallHandle(find(lib, "EVP_CIPHER_CTX_free"), FunctionDescriptor.ofVoid(ADDRESS));
        // int EVP_CipherInit_ex(ctx, const EVP_CIPHER *type, ENGINE *impl, const uchar *key, const uchar *iv, int enc)
        cipherInit = linker.downcallHandle(find(lib, "EVP_CipherInit_ex"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), critical);
        // int EVP_CipherUpdate(ctx, uchar *out, int *outl, const uchar *in, int inl)
        cipherUpdate = linker.downcallHandle(find(lib, "EVP_CipherUpdate"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), critical);
        // int EVP_CipherFinal_ex(ctx, uchar *out, int *outl)
        cipherFinal = linker.downcallHandle(find(lib, "EVP_CipherFinal_ex"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), critical);
        // int EVP_CIPHER_CTX_ctrl(ctx, int type, int arg, void *ptr)
        ctrl = linker.downcallHandle(find(lib, "EVP_CIPHER_CTX_ctrl"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), critical);
        aes128Gcm = cipher(linker, lib, "EVP_aes_128_gcm");
        aes192Gcm = cipher(linker, lib, "EVP_aes_192_gcm");
        aes256Gcm = cipher(linker, lib, "EVP_aes_256_gcm");
        MethodHandle versionNumber = linker.downcallHandle(find(lib, "OpenSSL_version_num"),
                FunctionDescriptor.of(JAVA_LONG));
        long number = (long) versionNumber.invokeExact();
        if (number >>> 28 < 3) {
            throw new UnsupportedOperationException("libcrypto is OpenSSL " + Long.toHexString(number) + ", need 3.x");
        }
        version = (number >>> 28) + "." + ((number >>> 20) & 0xff) + "." + ((number >>> 4) & 0xff);
    }

    /** Loads libcrypto, or throws {@link IllegalStateException} saying what is missing. */
    static LibCrypto load() {
        Throwable last = null;
        for (String name : NAMES) {
            try {
                return new LibCrypto(SymbolLookup.libraryLookup(name, Arena.global()));
            } catch (IllegalArgumentException e) { // library not found under this name
                last = e;
            } catch (IllegalCallerException e) {
                throw new IllegalStateException("Native access is disabled: run with "
                        + "--enable-native-access=dev.myelin.crypto.openssl (or ALL-UNNAMED on the class path)", e);
            } catch (Throwable e) {
                last = e;
            }
        }
        throw new IllegalStateException("OpenSSL 3 libcrypto not found (" + String.join(", ", NAMES)
                + "; Debian package libssl3): " + (last == null ? "" : last.getMessage()), last);
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("libcrypto lacks " + name));
    }

    private static MemorySegment cipher(Linker linker, SymbolLookup lib, String name) throws Throwable {
        MethodHandle handle = linker.downcallHandle(find(lib, name), FunctionDescriptor.of(ADDRESS));
        MemorySegment cipher = (MemorySegment) handle.invokeExact();
        if (cipher.equals(MemorySegment.NULL)) {
            throw new IllegalStateException(name + " returned NULL");
        }
        return cipher;
    }
}
