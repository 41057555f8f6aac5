package dev.myelin.cli;

import dev.myelin.authservice.ConfigException;
import dev.myelin.authservice.EnvironmentConfig;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.ServerName;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./myelin up}: runs the homeserver until SIGTERM or Ctrl-C, then stops gracefully (in-flight requests finish,
 * the database closes). Prints exactly one line on stdout, {@code myelin ready: http://HOST:PORT}, once requests are
 * accepted; everything else goes to stderr.
 */
@Command(name = "up", description = "Run the homeserver (SQLite in the data directory, or PostgreSQL) until SIGTERM or Ctrl-C.",
        footer = {"", "With LIVEKIT_URL set (and LIVEKIT_KEY/LIVEKIT_SECRET, as for auth-service), the LiveKit",
            "authorization service also runs at /livekit/jwt on the same port and is advertised to MatrixRTC clients.",
            "LIVEKIT_FULL_ACCESS_HOMESERVERS defaults to this server's name there."})
final class UpCommand implements Callable<Integer> {
    static final int USAGE = 2;
    static final int START_FAILED = 1;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default 127.0.0.1:8008; port 0 picks one).")
    String listen;

    @Option(names = "--server-name", paramLabel = "NAME", description = "Server name in user and room ids (default localhost).")
    String serverName;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ./myelin-data).")
    Path data;

    @Option(names = "--database", paramLabel = "URL", description = "postgresql://USER:PASS@HOST:PORT/DB (default: SQLite in the data directory).")
    String database;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON config file: listen, server_name, data, database, enable_registration, public_base_url, livekit_service_url.")
    Path config;

    @Override
    public Integer call() {
        return run(System.getenv());
    }

    /** Runs with {@code env} as the environment (LIVEKIT_* variables mount the authorization service). */
    int run(Map<String, String> env) {
        PrintStream err = System.err;
        UpSettings settings;
        HomeserverConfig homeserverConfig;
        try {
            settings = UpSettings.resolve(Optional.ofNullable(listen), Optional.ofNullable(serverName),
                    Optional.ofNullable(data), Optional.ofNullable(database), Optional.ofNullable(config));
            var builder = HomeserverConfig.builder(ServerName.of(settings.serverName()), settings.data())
                    .listen(settings.listen());
            settings.registration().ifPresent(builder::registrationEnabled);
            settings.publicBaseUrl().ifPresent(builder::publicBaseUrl);
            settings.livekitServiceUrl().ifPresent(builder::livekitServiceUrl);
            settings.database().ifPresent(builder::database);
            builder.authRateLimits(settings.authRateLimits()).messageRateLimit(settings.messageRateLimit())
                    .trustForwardedFor(settings.trustForwardedFor());
            if (env.containsKey("LIVEKIT_URL")) {
                // Mounted in a homeserver, the service serves that server's users unless told otherwise.
                var authEnv = new java.util.HashMap<>(env);
                authEnv.putIfAbsent("LIVEKIT_FULL_ACCESS_HOMESERVERS", settings.serverName());
                builder.mountAuthService(EnvironmentConfig.fromEnvironment(authEnv));
            }
            homeserverConfig = builder.build();
        } catch (UpSettings.UsageError | InvalidIdentifierException e) {
            err.println("myelin up: " + e.getMessage());
            return USAGE;
        } catch (ConfigException e) {
            err.println("myelin up: LiveKit authorization service: " + e.getMessage());
            return START_FAILED;
        }

        Homeserver homeserver;
        try {
            homeserver = Homeserver.start(homeserverConfig);
        } catch (RuntimeException e) {
            err.println("myelin up: could not start: " + rootMessage(e));
            return START_FAILED;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("myelin-shutdown").unstarted(() -> {
            homeserver.close();
            err.println("myelin: stopped");
            stopped.countDown();
        }));
        var out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("myelin ready: " + homeserver.baseUri());
        err.println("myelin: homeserver " + homeserverConfig.serverName() + ", data in "
                + homeserverConfig.dataDirectory().toAbsolutePath()
                + (homeserverConfig.database().isPresent() ? " and PostgreSQL" : "") + ", registration "
                + (homeserverConfig.registrationEnabled() ? "open" : "closed")
                + (homeserverConfig.mountedAuthService().isPresent()
                        ? ", LiveKit authorization service at " + homeserver.baseUri() + "/livekit/jwt" : ""));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause == e ? e.getMessage() : e.getMessage() + " (" + cause.getMessage() + ")";
    }
}
