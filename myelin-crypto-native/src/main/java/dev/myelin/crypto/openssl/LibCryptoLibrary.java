package dev.myelin.crypto.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;

/**
 * libcrypto (OpenSSL 3) itself, looked up once and its version checked, apart from any binding: each primitive's
 * bindings ({@link LibCrypto} for AES and HMAC, {@link LibCryptoEd25519}) are made on that primitive's first use, so a
 * process that only signs (the homeserver) does not pay at start-up for the frame-crypto handles.
 */
final class LibCryptoLibrary {
    private static final String[] NAMES = {"libcrypto.so.3", "libcrypto.so"};
    /** The loaded library; null when it failed. */
    private static final SymbolLookup LIBRARY;
    /** The OpenSSL version loaded, e.g. {@code 3.0.19}; null when loading failed. */
    static final String VERSION;
    private static final RuntimeException LOAD_FAILURE;

    static {
        SymbolLookup library = null;
        String version = null;
        RuntimeException failure = null;
        try {
            SymbolLookup found = lookup();
            version = version(found);
            library = found;
        } catch (RuntimeException e) {
            failure = e;
        }
        LIBRARY = library;
        VERSION = version;
        LOAD_FAILURE = failure;
    }

    private LibCryptoLibrary() {
    }

    /** The library; throws {@link IllegalStateException} saying what is missing unless it loaded. */
    static SymbolLookup library() {
        if (LOAD_FAILURE != null) {
            throw new IllegalStateException(LOAD_FAILURE.getMessage(), LOAD_FAILURE);
        }
        return LIBRARY;
    }

    static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("libcrypto lacks " + name));
    }

    private static SymbolLookup lookup() {
        if (ADDRESS.byteSize() != Long.BYTES) {
            throw new IllegalStateException("Needs a 64-bit platform");
        }
        RuntimeException last = null;
        for (String name : NAMES) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) { // not found under this name
                last = e;
            } catch (IllegalCallerException e) {
                throw new IllegalStateException("Native access is disabled: run with "
                        + "--enable-native-access=dev.myelin.crypto.openssl (or ALL-UNNAMED on the class path)", e);
            }
        }
        throw new IllegalStateException("OpenSSL 3 libcrypto not found (" + String.join(", ", NAMES)
                + "; Debian package libssl3): " + last.getMessage(), last);
    }

    /** {@code OpenSSL_version_num()} as {@code major.minor.patch}; refuses anything before 3.x. */
    private static String version(SymbolLookup lib) {
        long number;
        try {
            number = (long) Linker.nativeLinker().downcallHandle(find(lib, "OpenSSL_version_num"),
                    FunctionDescriptor.of(JAVA_LONG)).invokeExact();
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libcrypto call failed: " + e, e);
        }
        if (number >>> 28 < 3) {
            throw new IllegalStateException("libcrypto is OpenSSL " + Long.toHexString(number) + ", need 3.x");
        }
        return (number >>> 28) + "." + ((number >>> 20) & 0xff) + "." + ((number >>> 4) & 0xff);
    }
}
