package dev.myelin.crypto.internal;

import dev.myelin.crypto.Ed25519Engine;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * {@link Ed25519Engine#installed()}, looked up once (class initialisation is the lock). The only
 * {@link ServiceLoader} use in this module: the architecture tests allow it here because engines cannot change any
 * result, only speed (Ed25519 is deterministic), so the pure cores stay reproducible whatever is installed.
 */
public final class InstalledEd25519Engine {
    public static final Ed25519Engine ENGINE = lookUp();
    /** A bound on broken providers skipped, in case a broken configuration keeps failing in the same place. */
    private static final int MAX_PROVIDERS = 16;

    private InstalledEd25519Engine() {
    }

    private static Ed25519Engine lookUp() {
        Iterator<Ed25519Engine> providers = ServiceLoader.load(Ed25519Engine.class,
                Ed25519Engine.class.getClassLoader()).iterator();
        for (int attempt = 0; attempt < MAX_PROVIDERS; attempt++) {
            try {
                if (!providers.hasNext()) {
                    return JdkEd25519Engine.INSTANCE;
                }
                return providers.next();
            } catch (ServiceConfigurationError e) {
                // this provider could not be made (its native library is missing, say): try the next
            }
        }
        return JdkEd25519Engine.INSTANCE;
    }
}
