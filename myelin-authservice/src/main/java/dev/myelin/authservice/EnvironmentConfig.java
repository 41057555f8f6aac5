package dev.myelin.authservice;

import dev.myelin.crypto.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads lk-jwt-service's environment variables with its parsing rules and its start-up errors, in its order, so an
 * existing deployment's environment works unchanged.
 */
public final class EnvironmentConfig {
    /** The only value that enables either insecure switch, as upstream requires for its TLS switch. */
    public static final String I_KNOW = "YES_I_KNOW_WHAT_I_AM_DOING";
    /** Myelin's switch for plain-HTTP OpenID lookups to loopback destinations. */
    public static final String PLAIN_HTTP_LOOPBACK = "MYELIN_OPENID_PLAIN_HTTP_LOOPBACK";

    private EnvironmentConfig() {
    }

    /** @throws ConfigException with upstream's message when the service must not start */
    public static AuthServiceConfig fromEnvironment(Map<String, String> env) {
        boolean skipVerifyTls = I_KNOW.equals(env.get("LIVEKIT_INSECURE_SKIP_VERIFY_TLS"));
        String[] keySecret = readKeySecret(env);
        String key = keySecret[0];
        String secret = keySecret[1];
        String url = get(env, "LIVEKIT_URL");
        if (key.isEmpty() || secret.isEmpty() || url.isEmpty()) {
            throw new ConfigException("LIVEKIT_KEY* / LIVEKIT_SECRET* and LIVEKIT_URL must be set");
        }
        String fullAccess = get(env, "LIVEKIT_FULL_ACCESS_HOMESERVERS");
        if (fullAccess.isEmpty()) {
            throw new ConfigException("LIVEKIT_FULL_ACCESS_HOMESERVERS environment variable must be set to the "
                    + "homeserver(s) you intend to serve \u2014 see README for guidance");
        }
        String bind = get(env, "LIVEKIT_JWT_BIND");
        String port = get(env, "LIVEKIT_JWT_PORT");
        if (bind.isEmpty()) {
            bind = ":" + (port.isEmpty() ? "8080" : port);
        } else if (!port.isEmpty()) {
            throw new ConfigException("LIVEKIT_JWT_BIND and LIVEKIT_JWT_PORT must not be set together");
        }
        Duration sanityCheckInterval = Duration.ZERO;
        String sanity = get(env, "LIVEKIT_SANITY_CHECK_INTERVAL_SECONDS");
        if (!sanity.isEmpty()) {
            long seconds = goAtoi(sanity);
            if (seconds < 0) {
                throw new ConfigException("LIVEKIT_SANITY_CHECK_INTERVAL_SECONDS must be a non-negative integer, got "
                        + goQuote(sanity));
            }
            sanityCheckInterval = Duration.ofSeconds(seconds);
        }
        Map<String, String> overrides = csApiUrlOverrides(get(env, "LIVEKIT_CS_API_URL_OVERRIDES"));
        return new AuthServiceConfig(url, key, SecretBytes.copyOf(secret.getBytes(StandardCharsets.UTF_8)),
                goFields(fullAccess.replace(',', ' ')), BindAddress.parse(bind), skipVerifyTls,
                I_KNOW.equals(env.get(PLAIN_HTTP_LOOPBACK)), sanityCheckInterval, overrides);
    }

    private static String[] readKeySecret(Map<String, String> env) {
        String key = get(env, "LIVEKIT_KEY");
        String secret = get(env, "LIVEKIT_SECRET");
        String keyPath = get(env, "LIVEKIT_KEY_FROM_FILE");
        String secretPath = get(env, "LIVEKIT_SECRET_FROM_FILE");
        String keySecretPath = get(env, "LIVEKIT_KEY_FILE");
        if (!keySecretPath.isEmpty()) {
            String[] parts = readFile(keySecretPath).split(":", -1);
            if (parts.length != 2) {
                throw new ConfigException("invalid key secret file format!");
            }
            key = parts[0];
            secret = parts[1];
        } else {
            if (!keyPath.isEmpty()) {
                key = readFile(keyPath);
            }
            if (!secretPath.isEmpty()) {
                secret = readFile(secretPath);
            }
        }
        return new String[] {trimSpaceCrLf(key), trimSpaceCrLf(secret)};
    }

    private static String readFile(String path) {
        try {
            // Go keeps invalid UTF-8 as bytes; the secret's bytes are what matter, so decode leniently.
            return new String(Files.readAllBytes(Path.of(path)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("open " + path + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new ConfigException("open " + path + ": permission denied");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new ConfigException("read " + path + ": " + e.getMessage());
        }
    }

    private static Map<String, String> csApiUrlOverrides(String raw) {
        var overrides = new LinkedHashMap<String, String>();
        if (raw.isEmpty()) {
            return overrides;
        }
        for (String entry : raw.split(",", -1)) {
            int equals = entry.indexOf('=');
            String server = equals < 0 ? "" : entry.substring(0, equals).strip();
            String url = equals < 0 ? "" : entry.substring(equals + 1).strip();
            if (server.isEmpty() || url.isEmpty()) {
                throw new ConfigException("failed parsing LIVEKIT_CS_API_URL_OVERRIDES: invalid entry "
                        + goQuote(entry) + ", expected server_name=url");
            }
            overrides.put(server, url);
        }
        return overrides;
    }

    /** Go's {@code strconv.Atoi}: optional sign, decimal digits; -1 stands for "not an integer" (callers reject < 0). */
    private static long goAtoi(String s) {
        if (!s.matches("[+-]?[0-9]+")) {
            return -1;
        }
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Go's {@code strings.Fields}: split on Unicode white space, empties dropped. */
    static List<String> goFields(String s) {
        var fields = new ArrayList<String>();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isGoSpace(cp)) {
                if (start >= 0) {
                    fields.add(s.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            fields.add(s.substring(start));
        }
        return fields;
    }

    private static boolean isGoSpace(int cp) {
        return switch (cp) {
            case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200a;
        };
    }

    private static String trimSpaceCrLf(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isTrimmed(s.charAt(start))) {
            start++;
        }
        while (end > start && isTrimmed(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isTrimmed(char c) {
        return c == ' ' || c == '\r' || c == '\n';
    }

    private static String goQuote(String s) {
        return dev.myelin.json.HashInputJson.goMarshal(List.of(s)).substring(1).replaceFirst("]$", "");
    }

    /** {@code LIVEKIT_REDIS_URL}: where delegations outlive a restart; unset means in memory only. */
    public static Optional<String> redisUrl(Map<String, String> env) {
        return Optional.of(get(env, "LIVEKIT_REDIS_URL")).filter(url -> !url.isEmpty());
    }

    private static String get(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null ? "" : value;
    }
}
