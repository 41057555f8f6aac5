package dev.myelin.cli;

import dev.myelin.authservice.AuthService;
import dev.myelin.authservice.AuthServiceConfig;
import dev.myelin.authservice.ConfigException;
import dev.myelin.authservice.EnvironmentConfig;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "auth-service", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = {"Run the LiveKit authorization service standalone: a drop-in for lk-jwt-service.",
                "Configured by lk-jwt-service's environment variables:",
                "  LIVEKIT_URL                       returned to clients; RoomService base",
                "  LIVEKIT_KEY, LIVEKIT_SECRET       API key and secret (or LIVEKIT_KEY_FROM_FILE,",
                "                                    LIVEKIT_SECRET_FROM_FILE, or LIVEKIT_KEY_FILE",
                "                                    holding key:secret)",
                "  LIVEKIT_FULL_ACCESS_HOMESERVERS   servers whose users may create rooms ('*': all)",
                "  LIVEKIT_JWT_BIND                  listen address, default :8080",
                "                                    (LIVEKIT_JWT_PORT: deprecated port-only form)",
                "  LIVEKIT_INSECURE_SKIP_VERIFY_TLS  YES_I_KNOW_WHAT_I_AM_DOING: no TLS checks",
                "  LIVEKIT_CS_API_URL_OVERRIDES      server_name=url,...: client-server APIs for",
                "                                    delegated delayed leaves (else .well-known)",
                "  LIVEKIT_SANITY_CHECK_INTERVAL_SECONDS  re-check connected participants on the",
                "                                    SFU every N s (0: never)",
                "  LIVEKIT_REDIS_URL                 redis://[[user]:password@]host[:port][/db]: keep",
                "                                    delegations across restarts (else in memory)",
                "Myelin adds:",
                "  " + EnvironmentConfig.PLAIN_HTTP_LOOPBACK + "=YES_I_KNOW_WHAT_I_AM_DOING",
                "                                    OpenID lookups to loopback homeservers",
                "                                    (127.0.0.0/8, ::1, localhost) in plain HTTP"})
final class AuthServiceCommand implements Callable<Integer> {
    static final int CONFIG_ERROR = 1;

    @Override
    public Integer call() throws InterruptedException {
        return serve(System.getenv(), System.err, true);
    }

    /** Starts the service; returns upstream's exit status 1 on a configuration error. */
    static int serve(Map<String, String> env, PrintStream err, boolean untilStopped) throws InterruptedException {
        AuthServiceConfig config;
        AuthService service;
        try {
            config = EnvironmentConfig.fromEnvironment(env);
            service = AuthService.start(config, EnvironmentConfig.redisUrl(env));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return CONFIG_ERROR;
        }
        err.println("myelin auth-service: listening on " + config.bind().host() + ":" + service.port()
                + ", LiveKit at " + config.livekitUrl());
        if (untilStopped) {
            Runtime.getRuntime().addShutdownHook(new Thread(service::close));
            service.join();
        } else {
            service.close();
        }
        return 0;
    }
}
