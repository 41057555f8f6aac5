package dev.myelin.homeserver;

import dev.myelin.authservice.AuthService;
import dev.myelin.authservice.AuthServiceConfig;
import dev.myelin.authservice.HomeserverTokens;
import dev.myelin.authservice.OpenIdValidator;
import dev.myelin.homeserver.account.AccountDataEndpoints;
import dev.myelin.homeserver.account.ProfileEndpoints;
import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.PasswordHasher;
import dev.myelin.homeserver.auth.Secrets;
import dev.myelin.homeserver.client.ClientApi;
import dev.myelin.homeserver.client.ClientContext;
import dev.myelin.homeserver.client.DiscoveryRtcEndpoints;
import dev.myelin.homeserver.client.LocalOpenIdValidator;
import dev.myelin.homeserver.client.ServerKeyEndpoint;
import dev.myelin.homeserver.http.JsonErrorHandler;
import dev.myelin.homeserver.devices.KeysEndpoints;
import dev.myelin.homeserver.devices.ToDeviceEndpoint;
import dev.myelin.homeserver.events.ServerSigningKey;
import dev.myelin.homeserver.http.MatrixHandler;
import dev.myelin.homeserver.http.Metrics;
import dev.myelin.homeserver.http.RateLimiter;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.rooms.AliasEndpoints;
import dev.myelin.homeserver.rooms.DelayedEventEndpoints;
import dev.myelin.homeserver.rooms.DelayedEventScheduler;
import dev.myelin.homeserver.rooms.DelayedEvents;
import dev.myelin.homeserver.rooms.HistoryEndpoints;
import dev.myelin.homeserver.rooms.ReceiptEndpoint;
import dev.myelin.homeserver.rooms.RoomEndpoints;
import dev.myelin.homeserver.rooms.RoomService;
import dev.myelin.homeserver.rooms.RtcTokenEndpoint;
import dev.myelin.homeserver.rooms.StreamNotifier;
import dev.myelin.homeserver.rooms.SyncEndpoint;
import dev.myelin.homeserver.rooms.TypingState;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.jdbc.PostgresStorage;
import dev.myelin.homeserver.storage.jdbc.SqliteStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running homeserver: Jetty on virtual threads in front of the Client-Server API, state in SQLite under the data
 * directory. {@link #start} returns once the port accepts requests; {@link #close} finishes in-flight requests, then
 * stops.
 */
public final class Homeserver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Homeserver.class);
    static final String DATABASE_FILE = "homeserver.db";
    private static final int SQLITE_READERS = 4;
    private static final int POSTGRES_READERS = 8;
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final HomeserverConfig config;
    private final Server server;
    private final ServerConnector connector;
    private final Storage storage;
    private final StreamNotifier notifier;
    private final Thread typingExpiry;
    private final DelayedEventScheduler delayedEvents;

    private Homeserver(HomeserverConfig config, Server server, ServerConnector connector, Storage storage,
            StreamNotifier notifier, Thread typingExpiry, DelayedEventScheduler delayedEvents) {
        this.delayedEvents = delayedEvents;
        this.typingExpiry = typingExpiry;
        this.config = config;
        this.server = server;
        this.connector = connector;
        this.storage = storage;
        this.notifier = notifier;
    }

    public static Homeserver start(HomeserverConfig config) {
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDirectory(), e);
        }
        Storage storage = openStorage(config);
        try {
            var random = new SecureRandom();
            var authenticator = new Authenticator(storage);
            var context = new ClientContext(config, storage, authenticator,
                    new PasswordHasher(config.passwordHashIterations(), random), new Secrets(random));
            var signingKey = ServerSigningKey.loadOrCreate(config.dataDirectory(), random);
            var notifier = new StreamNotifier();
            var rooms = new RoomService(config.serverName(), storage, signingKey, notifier, config.clock(),
                    new RateLimiter(config.messageRateLimit(), config.clock()));
            Router router = ClientApi.routes(context, notifier::poke);
            var metrics = new Metrics();
            metrics.gauge("myelin_sync_long_polls_parked", notifier::waiting);
            var delayed = new DelayedEvents(rooms, storage, config.clock(), config.delayedEvents(), random);
            new RoomEndpoints(rooms, delayed, authenticator, random).register(router);
            new DelayedEventEndpoints(delayed, authenticator, config.clock()).register(router);
            new HistoryEndpoints(rooms, authenticator, config.clock()).register(router);
            new AliasEndpoints(storage, authenticator, rooms, config.serverName()).register(router);
            var typing = new TypingState(config.clock());
            new SyncEndpoint(storage, notifier, authenticator, typing, config.clock()).register(router);
            new ReceiptEndpoint(storage, authenticator, notifier, config.clock(), typing).register(router);
            new ServerKeyEndpoint(context, signingKey).register(router);
            var boundBaseUri = new AtomicReference<URI>();
            new DiscoveryRtcEndpoints(context, boundBaseUri::get).register(router);
            new ToDeviceEndpoint(storage, authenticator, notifier, config.serverName(), config.clock())
                    .register(router);
            new KeysEndpoints(storage, authenticator, notifier, config.serverName()).register(router);
            new AccountDataEndpoints(storage, authenticator, notifier).register(router);
            new ProfileEndpoints(storage, authenticator, rooms).register(router);
            config.mountedAuthService().ifPresent(auth -> new RtcTokenEndpoint(new HomeserverTokens(auth), rooms,
                    authenticator, config.clock()).register(router));

            var threads = new VirtualThreadPool();
            threads.setName("myelin-hs");
            threads.setMaxThreads(config.maxConcurrentRequests());
            var server = new Server(threads);
            var http = new HttpConfiguration();
            http.setSendServerVersion(false);
            // We split the raw path and decode each segment ourselves (ids arrive percent-encoded, state keys may
            // hold an encoded '/'), so Jetty must not refuse such paths as ambiguous.
            http.setUriCompliance(UriCompliance.UNSAFE);
            var connector = new ServerConnector(server, new HttpConnectionFactory(http));
            InetSocketAddress listen = config.listen();
            connector.setHost(listen.getHostString());
            connector.setPort(listen.getPort());
            server.addConnector(connector);
            server.setErrorHandler(new JsonErrorHandler());
            Handler matrix = new MatrixHandler(router, config.maxRequestBodyBytes(), metrics,
                    context.limiters().unauthenticatedPerAddress(), config.trustForwardedFor());
            server.setHandler(new GracefulHandler(config.mountedAuthService()
                    .map(auth -> (Handler) new Handler.Sequence(mountAuthService(auth, config, storage), matrix))
                    .orElse(matrix)));
            server.setStopTimeout(STOP_TIMEOUT_MS);
            server.setStopAtShutdown(false);
            server.start();
            var homeserver = new Homeserver(config, server, connector, storage, notifier,
                    startTypingExpiry(typing, notifier), DelayedEventScheduler.start(delayed));
            boundBaseUri.set(homeserver.baseUri());
            LOG.info("homeserver {} listening on {}", config.serverName(), homeserver.baseUri());
            return homeserver;
        } catch (Exception e) {
            storage.close();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("homeserver failed to start: " + e.getMessage(), e);
        }
    }

    /**
     * The LiveKit authorization service at {@code /livekit/jwt}: this server's users are validated in-process, other
     * servers' over federation (cached), exactly as the standalone service would.
     */
    private static Handler mountAuthService(AuthServiceConfig auth, HomeserverConfig config, Storage storage) {
        OpenIdValidator remote = OpenIdValidator.cached(OpenIdValidator.overFederation(auth), config.clock());
        var validator = new LocalOpenIdValidator(config.serverName(), storage, config.clock(), remote);
        return new ContextHandler(AuthService.handler(auth, validator, config.clock()),
                HomeserverConfig.AUTH_SERVICE_PATH);
    }

    /** Once a second, drops expired typing notifications and wakes the long-polls that should report it. */
    private static Thread startTypingExpiry(TypingState typing, StreamNotifier notifier) {
        return Thread.ofVirtual().name("myelin-typing-expiry").start(() -> {
            while (!notifier.isClosed()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                if (typing.expire()) {
                    notifier.poke();
                }
            }
        });
    }

    /** SQLite in the data directory, or PostgreSQL when the config names one. */
    static Storage openStorage(HomeserverConfig config) {
        return config.database()
                .<Storage>map(url -> PostgresStorage.open(url, POSTGRES_READERS, config.clock().millis()))
                .orElseGet(() -> SqliteStorage.open(config.dataDirectory().resolve(DATABASE_FILE), SQLITE_READERS,
                        config.clock().millis()));
    }

    /** The bound port (the real one when the config asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port}, with the bound port. */
    public URI baseUri() {
        String host = config.listen().getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** Long-polling {@code /sync} requests parked right now, waiting for something to report. */
    public int parkedLongPolls() {
        return notifier.waiting();
    }

    public HomeserverConfig config() {
        return config;
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops accepting, lets in-flight requests finish (up to 10 s), then closes the database. */
    @Override
    public void close() {
        // Parked long-polls answer at once instead of holding the graceful stop for their whole timeout.
        notifier.close();
        typingExpiry.interrupt();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server failed", e);
        } finally {
            delayedEvents.close();
            storage.close();
        }
    }
}
