package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.SecretBytes;

/**
 * Where fresh media keys come from. Production code passes a cryptographically secure source; simulations and tests
 * pass a seeded one so runs repeat exactly.
 */
@FunctionalInterface
public interface KeyMaterialSource {
    /** A fresh secret of {@code length} bytes, independent of every earlier one. */
    SecretBytes newKey(int length);
}
