package dev.myelin.homeserver;

import dev.myelin.authservice.AuthServiceConfig;
import dev.myelin.protocol.id.ServerName;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * What a homeserver needs to start. Build with {@link #builder(ServerName, Path)}; every other setting has a default.
 *
 * @param serverName            the name in user and room ids
 * @param dataDirectory         where the SQLite database (and later the signing key) live
 * @param listen                address to bind; port 0 picks a free one
 * @param registrationEnabled   whether {@code POST /register} creates accounts
 * @param maxRequestBodyBytes   larger request bodies are refused with 413 {@code M_TOO_LARGE}
 * @param passwordHashIterations PBKDF2 iterations for new password hashes (tests lower it to keep fast)
 * @param maxConcurrentRequests  virtual-thread cap for request handling; parked long-polls count against it
 * @param clock                 source of {@code origin_server_ts} and all other timestamps
 * @param publicBaseUrl         the URL clients reach this server at, for {@code .well-known} (default: the
 *                              listener's own address)
 * @param livekitServiceUrl     the LiveKit authorization service MatrixRTC clients are pointed at, if any
 * @param messageRateLimit      per-user limit on sending events (send, state, redact)
 * @param database              {@code postgresql://USER:PASS@HOST:PORT/DB}; absent: SQLite in the data directory
 * @param mountedAuthService    when present, the LiveKit authorization service runs at {@code /livekit/jwt/} on this
 *                              server's port, validating this server's users in-process; unless
 *                              {@code livekitServiceUrl} says otherwise, discovery then advertises it
 * @param delayedEvents         limits on MSC4140 delayed events
 * @param authRateLimits        per-address and per-account limits on login, registration and unauthenticated
 *                              requests
 * @param trustForwardedFor     behind a reverse proxy: the client address (the key of per-address limits) is the
 *                              first of {@code X-Forwarded-For}, as Synapse's {@code x_forwarded}; off by default, as
 *                              any client could set the header on a server it reaches directly
 */
public record HomeserverConfig(
        ServerName serverName,
        Path dataDirectory,
        InetSocketAddress listen,
        boolean registrationEnabled,
        int maxRequestBodyBytes,
        int passwordHashIterations,
        int maxConcurrentRequests,
        InstantSource clock,
        Optional<URI> publicBaseUrl,
        Optional<URI> livekitServiceUrl,
        RateLimit messageRateLimit,
        Optional<URI> database,
        Optional<AuthServiceConfig> mountedAuthService,
        DelayedEventLimits delayedEvents,
        AuthRateLimits authRateLimits,
        boolean trustForwardedFor) {

    public static final int DEFAULT_PORT = 8008;
    public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 1 << 20;
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_PASSWORD_HASH_ITERATIONS = 600_000;
    /** Jetty's default is 200 (java-stack.md trap 2); every parked /sync holds one. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 10_000;

    public HomeserverConfig {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(livekitServiceUrl, "livekitServiceUrl");
        Objects.requireNonNull(messageRateLimit, "messageRateLimit");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(mountedAuthService, "mountedAuthService");
        Objects.requireNonNull(delayedEvents, "delayedEvents");
        Objects.requireNonNull(authRateLimits, "authRateLimits");
        database.ifPresent(url -> {
            if (!"postgresql".equals(url.getScheme()) && !"postgres".equals(url.getScheme())) {
                throw new IllegalArgumentException("database must be a postgresql:// URL");
            }
        });
        if (maxRequestBodyBytes < 1024) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be at least 1024, not " + maxRequestBodyBytes);
        }
        if (passwordHashIterations < 1) {
            throw new IllegalArgumentException("passwordHashIterations must be positive, not " + passwordHashIterations);
        }
        if (maxConcurrentRequests < 8) {
            throw new IllegalArgumentException("maxConcurrentRequests must be at least 8, not " + maxConcurrentRequests);
        }
    }

    public static Builder builder(ServerName serverName, Path dataDirectory) {
        return new Builder(serverName, dataDirectory);
    }

    /** Where MatrixRTC clients are sent for LiveKit tokens: the configured URL, else the mounted service, if any. */
    public Optional<URI> effectiveLivekitServiceUrl(URI baseUrl) {
        return livekitServiceUrl.or(() -> mountedAuthService.map(ignored ->
                URI.create(baseUrl.toString().replaceAll("/+$", "") + AUTH_SERVICE_PATH)));
    }

    /** Where the mounted authorization service answers. */
    public static final String AUTH_SERVICE_PATH = "/livekit/jwt";

    /** Registration is open by default only on a loopback address, where only local users can reach it. */
    public static boolean defaultRegistration(InetSocketAddress listen) {
        return listen.getAddress() != null && listen.getAddress().isLoopbackAddress();
    }

    public static final class Builder {
        private final ServerName serverName;
        private final Path dataDirectory;
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", DEFAULT_PORT);
        private Boolean registrationEnabled;
        private int maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
        private int passwordHashIterations = DEFAULT_PASSWORD_HASH_ITERATIONS;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private InstantSource clock = InstantSource.system();
        private Optional<URI> publicBaseUrl = Optional.empty();
        private Optional<URI> livekitServiceUrl = Optional.empty();
        private RateLimit messageRateLimit = RateLimit.MESSAGES;
        private Optional<URI> database = Optional.empty();
        private Optional<AuthServiceConfig> mountedAuthService = Optional.empty();
        private DelayedEventLimits delayedEvents = DelayedEventLimits.DEFAULT;
        private AuthRateLimits authRateLimits = AuthRateLimits.DEFAULT;
        private boolean trustForwardedFor;

        private Builder(ServerName serverName, Path dataDirectory) {
            this.serverName = Objects.requireNonNull(serverName, "serverName");
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        }

        public Builder listen(InetSocketAddress listen) {
            this.listen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        public Builder registrationEnabled(boolean enabled) {
            this.registrationEnabled = enabled;
            return this;
        }

        public Builder maxRequestBodyBytes(int bytes) {
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        public Builder passwordHashIterations(int iterations) {
            this.passwordHashIterations = iterations;
            return this;
        }

        public Builder maxConcurrentRequests(int max) {
            this.maxConcurrentRequests = max;
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder publicBaseUrl(URI url) {
            this.publicBaseUrl = Optional.of(url);
            return this;
        }

        public Builder livekitServiceUrl(URI url) {
            this.livekitServiceUrl = Optional.of(url);
            return this;
        }

        public Builder messageRateLimit(RateLimit limit) {
            this.messageRateLimit = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /** Use PostgreSQL at {@code postgresql://USER:PASS@HOST:PORT/DB} instead of SQLite. */
        public Builder database(URI url) {
            this.database = Optional.of(url);
            return this;
        }

        /** Runs the LiveKit authorization service at {@code /livekit/jwt/} on this server's port. */
        public Builder mountAuthService(AuthServiceConfig config) {
            this.mountedAuthService = Optional.of(config);
            return this;
        }

        public Builder delayedEvents(DelayedEventLimits limits) {
            this.delayedEvents = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder authRateLimits(AuthRateLimits limits) {
            this.authRateLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Take client addresses from {@code X-Forwarded-For} (only behind a reverse proxy that sets it). */
        public Builder trustForwardedFor(boolean trust) {
            this.trustForwardedFor = trust;
            return this;
        }

        public HomeserverConfig build() {
            boolean registration = registrationEnabled != null ? registrationEnabled : defaultRegistration(listen);
            return new HomeserverConfig(serverName, dataDirectory, listen, registration, maxRequestBodyBytes,
                    passwordHashIterations, maxConcurrentRequests, clock, publicBaseUrl, livekitServiceUrl,
                    messageRateLimit, database, mountedAuthService, delayedEvents, authRateLimits, trustForwardedFor);
        }
    }
}
