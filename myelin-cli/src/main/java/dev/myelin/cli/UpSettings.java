package dev.myelin.cli;

import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.RateLimit;
import dev.myelin.json.Json;
import dev.myelin.json.JsonDecimal;
import dev.myelin.json.JsonInteger;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Settings for {@code ./myelin up}: command-line options over an optional JSON config file over defaults. Every
 * problem is a {@link UsageError} naming the bad value.
 *
 * <p>Config file keys: {@code listen}, {@code server_name}, {@code data}, {@code database},
 * {@code enable_registration}, {@code public_base_url}, {@code livekit_service_url}, {@code x_forwarded} (true behind
 * a reverse proxy: client addresses come from {@code X-Forwarded-For}), {@code rate_limits}. The last
 * holds token buckets {@code {"per_second": 0.17, "burst": 3}} under any of {@code login_per_address},
 * {@code login_per_account}, {@code failed_logins_per_account}, {@code registration_per_address},
 * {@code unauthenticated_per_address} and {@code messages}; each one given replaces its default.
 */
record UpSettings(InetSocketAddress listen, String serverName, Path data, Optional<Boolean> registration,
        Optional<URI> publicBaseUrl, Optional<URI> livekitServiceUrl, Optional<URI> database,
        AuthRateLimits authRateLimits, RateLimit messageRateLimit, boolean trustForwardedFor) {
    static final String DEFAULT_LISTEN = "127.0.0.1:8008";
    static final String DEFAULT_SERVER_NAME = "localhost";
    static final String DEFAULT_DATA = "myelin-data";
    private static final Set<String> CONFIG_KEYS = Set.of("listen", "server_name", "data", "database",
            "enable_registration", "public_base_url", "livekit_service_url", "rate_limits", "x_forwarded");
    private static final Set<String> RATE_LIMIT_KEYS = Set.of("login_per_address", "login_per_account",
            "failed_logins_per_account", "registration_per_address", "unauthenticated_per_address", "messages");

    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    static UpSettings resolve(Optional<String> listen, Optional<String> serverName, Optional<Path> data,
            Optional<String> database, Optional<Path> configFile) {
        JsonObject config = configFile.map(UpSettings::readConfig).orElse(JsonObject.EMPTY);
        try {
            String listenText = listen.or(() -> config.optionalString("listen")).orElse(DEFAULT_LISTEN);
            String name = serverName.or(() -> config.optionalString("server_name")).orElse(DEFAULT_SERVER_NAME);
            Path dataDir = data.or(() -> config.optionalString("data").map(Path::of)).orElse(Path.of(DEFAULT_DATA));
            Optional<URI> databaseUrl = database.or(() -> config.optionalString("database"))
                    .map(UpSettings::checkDatabase);
            return new UpSettings(parseListen(listenText), name, dataDir, config.optionalBool("enable_registration"),
                    config.optionalString("public_base_url").map(u -> httpUrl("public_base_url", u)),
                    config.optionalString("livekit_service_url").map(u -> httpUrl("livekit_service_url", u)),
                    databaseUrl, authRateLimits(config), rateLimits(config).get("messages", RateLimit.MESSAGES),
                    config.optionalBool("x_forwarded").orElse(false));
        } catch (JsonException e) {
            throw new UsageError("config file: " + e.getMessage());
        }
    }

    private static AuthRateLimits authRateLimits(JsonObject config) {
        Limits limits = rateLimits(config);
        AuthRateLimits defaults = AuthRateLimits.DEFAULT;
        return new AuthRateLimits(limits.get("login_per_address", defaults.loginPerAddress()),
                limits.get("login_per_account", defaults.loginPerAccount()),
                limits.get("failed_logins_per_account", defaults.failedLoginsPerAccount()),
                limits.get("registration_per_address", defaults.registrationPerAddress()),
                limits.get("unauthenticated_per_address", defaults.unauthenticatedPerAddress()));
    }

    private record Limits(JsonObject json) {
        RateLimit get(String key, RateLimit fallback) {
            return json.optionalObject(key).map(limit -> {
                limit.requireOnly(Set.of("per_second", "burst"));
                double perSecond = switch (limit.get("per_second").orElse(null)) {
                    case JsonInteger integer -> integer.value();
                    case JsonDecimal decimal -> decimal.value().doubleValue();
                    case null, default -> throw new UsageError("rate_limits." + key + ".per_second must be a number");
                };
                long burst = limit.integer("burst");
                try {
                    return new RateLimit(perSecond, (int) Math.min(Integer.MAX_VALUE, burst));
                } catch (IllegalArgumentException e) {
                    throw new UsageError("rate_limits." + key + ": " + e.getMessage());
                }
            }).orElse(fallback);
        }
    }

    private static Limits rateLimits(JsonObject config) {
        JsonObject limits = config.optionalObject("rate_limits").orElse(JsonObject.EMPTY);
        limits.requireOnly(RATE_LIMIT_KEYS);
        return new Limits(limits);
    }

    private static JsonObject readConfig(Path file) {
        try {
            JsonObject config = Json.parseObject(Files.readAllBytes(file));
            config.requireOnly(CONFIG_KEYS);
            return config;
        } catch (IOException e) {
            throw new UsageError("cannot read config file " + file + ": " + e.getMessage());
        } catch (JsonException e) {
            throw new UsageError("config file " + file + ": " + e.getMessage());
        }
    }

    private static URI httpUrl(String key, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new UsageError(key + " must be an http(s) URL, not '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageError(key + " is not a URL: '" + value + "'");
        }
    }

    /** PostgreSQL by URL; without --database the embedded SQLite in the data directory is used. */
    private static URI checkDatabase(String url) {
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            try {
                URI uri = new URI(url);
                if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                    throw new UsageError("--database must be postgresql://USER:PASS@HOST:PORT/DB, not "
                            + redact(url));
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new UsageError("--database is not a URL: " + redact(url));
            }
        }
        throw new UsageError("unsupported --database '" + redact(url)
                + "'; use postgresql://USER:PASS@HOST:PORT/DB, or omit it for SQLite in the data directory");
    }

    /** Never echo a password from a database URL. */
    private static String redact(String url) {
        return url.replaceAll("//([^:/@]*):[^@]*@", "//$1:***@");
    }

    static InetSocketAddress parseListen(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageError("--listen must be HOST:PORT, not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageError("--listen port must be a number, not '" + text.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new UsageError("--listen port must be 0-65535, not " + port);
        }
        var address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UsageError("--listen host '" + host + "' does not resolve");
        }
        return address;
    }
}
