package dev.myelin.authservice;

import dev.myelin.authservice.delegation.JobStore;
import dev.myelin.authservice.delegation.RedisJobStore;
import dev.myelin.authservice.http.AuthHandler;
import dev.myelin.authservice.http.GoErrorHandler;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The LiveKit authorization service: a drop-in for lk-jwt-service. {@link #start} runs it standalone on Jetty with a
 * virtual thread per request; {@link #handler} gives the same routes for mounting in another Jetty server.
 */
public final class AuthService implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private AuthService(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts the service with federation OpenID validation and its cache. */
    public static AuthService start(AuthServiceConfig config) {
        return start(config, Optional.empty());
    }

    /**
     * Starts the service; with a Redis URL ({@code LIVEKIT_REDIS_URL}) delayed-leave delegations outlive restarts
     * and those stored by an earlier run (or by lk-jwt-service) resume.
     *
     * @throws ConfigException when Redis cannot be reached (upstream refuses to start too)
     */
    public static AuthService start(AuthServiceConfig config, Optional<String> redisUrl) {
        InstantSource clock = InstantSource.system();
        JobStore store;
        try {
            store = redisUrl.<JobStore>map(RedisJobStore::connect).orElseGet(JobStore::inMemoryOnly);
        } catch (RuntimeException e) {
            throw new ConfigException("Could not connect Redis store: " + e.getMessage());
        }
        return start(config, OpenIdValidator.cached(OpenIdValidator.overFederation(config), clock), clock, store);
    }

    /** Starts the service with the given validator, listening on {@code config.bind()}. */
    public static AuthService start(AuthServiceConfig config, OpenIdValidator validator, InstantSource clock) {
        return start(config, validator, clock, JobStore.inMemoryOnly());
    }

    static AuthService start(AuthServiceConfig config, OpenIdValidator validator, InstantSource clock,
                             JobStore store) {
        var threads = new QueuedThreadPool();
        threads.setName("authservice");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        var server = new Server(threads);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Go's mux answers "//get_token" with a redirect to the clean path instead of refusing it.
        http.setUriCompliance(UriCompliance.DEFAULT.with("go-mux", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        if (!config.bind().host().isEmpty()) {
            connector.setHost(config.bind().host());
        }
        connector.setPort(config.bind().port());
        server.addConnector(connector);
        var handler = new AuthHandler(config, validator, outboundClient(config.insecureSkipTlsVerify()), clock, store);
        server.setHandler(handler);
        server.setErrorHandler(new GoErrorHandler());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new ConfigException("listen tcp " + config.bind() + ": " + e.getMessage());
        }
        handler.delegations().restore();
        return new AuthService(server, connector);
    }

    /**
     * The service's routes ({@code /get_token}, {@code /sfu/get}, {@code /delegate_delayed_leave},
     * {@code /sfu_webhook}, {@code /healthz}) relative to wherever the handler
     * is mounted, e.g. inside a {@code ContextHandler} at {@code /livekit/jwt}.
     */
    public static Handler handler(AuthServiceConfig config, OpenIdValidator validator, InstantSource clock) {
        return new AuthHandler(config, validator, outboundClient(config.insecureSkipTlsVerify()), clock);
    }

    /** The port actually listened on (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The delayed-leave delegations in flight (for tests). */
    dev.myelin.authservice.delegation.DelegationManager delegations() {
        return ((AuthHandler) server.getHandler()).delegations();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the authorization service", e);
        }
    }

    private static HttpClient outboundClient(boolean insecureSkipTlsVerify) {
        var builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        if (insecureSkipTlsVerify) {
            builder.sslContext(trustingEverything());
        }
        return builder.build();
    }

    private static SSLContext trustingEverything() {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }
}
