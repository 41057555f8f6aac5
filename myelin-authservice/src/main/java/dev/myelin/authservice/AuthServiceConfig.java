package dev.myelin.authservice;

import dev.myelin.crypto.SecretBytes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the service needs, whatever it was read from.
 *
 * @param livekitUrl            returned verbatim to clients as {@code url}; also the RoomService base ({@code ws} →
 *                              {@code http})
 * @param apiKey                the LiveKit API key, the tokens' {@code iss}
 * @param apiSecret             the HS256 key (any length, as LiveKit accepts)
 * @param fullAccessHomeservers server names whose users may create rooms; exactly {@code ["*"]} means all
 * @param bind                  where the standalone service listens
 * @param insecureSkipTlsVerify skip certificate and host name checks on every outbound HTTPS call (testing only)
 * @param plainHttpToLoopback   Myelin extension for tests and single-host set-ups: OpenID lookups whose destination
 *                              is a loopback address use plain HTTP instead of HTTPS
 * @param sanityCheckInterval   how often a delegation re-checks on the SFU that its connected participant is still
 *                              there (0 = never)
 * @param csApiUrlOverrides     client-server API URLs by server name, checked before accepting a delayed-leave delegation
 */
public record AuthServiceConfig(String livekitUrl, String apiKey, SecretBytes apiSecret,
                                List<String> fullAccessHomeservers, BindAddress bind, boolean insecureSkipTlsVerify,
                                boolean plainHttpToLoopback, Duration sanityCheckInterval,
                                Map<String, String> csApiUrlOverrides) {
    public AuthServiceConfig {
        Objects.requireNonNull(livekitUrl, "livekitUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
        fullAccessHomeservers = List.copyOf(fullAccessHomeservers);
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(sanityCheckInterval, "sanityCheckInterval");
        csApiUrlOverrides = Map.copyOf(csApiUrlOverrides);
    }

    /** Upstream's policy: the list is exactly {@code ["*"]}, or names the server exactly (case-sensitive). */
    public boolean isFullAccess(String matrixServerName) {
        if (fullAccessHomeservers.size() == 1 && fullAccessHomeservers.getFirst().equals("*")) {
            return true;
        }
        return fullAccessHomeservers.contains(matrixServerName);
    }
}
