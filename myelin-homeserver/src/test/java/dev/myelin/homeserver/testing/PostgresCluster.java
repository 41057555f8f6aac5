package dev.myelin.homeserver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away PostgreSQL cluster for tests (no Docker here): {@code initdb} and {@code pg_ctl} from Debian's
 * {@code postgresql} package, run as the {@code postgres} user when the tests run as root (the server refuses root),
 * on a free loopback port in a temp folder. Started once per test JVM, stopped at exit; each caller gets a fresh
 * database. Fails loudly when PostgreSQL is not installed (.ci/run installs it).
 */
public final class PostgresCluster {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile PostgresCluster shared;

    private final Path dataDir;
    private final int port;

    private PostgresCluster(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    public static synchronized PostgresCluster shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** A new, empty database: {@code postgresql://postgres@127.0.0.1:PORT/testN}. */
    public URI newDatabase() {
        String name = "test" + DATABASES.incrementAndGet();
        run(List.of(BIN.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                "postgres", "-d", "postgres", "-c", "CREATE DATABASE " + name));
        return URI.create("postgresql://postgres@127.0.0.1:" + port + "/" + name);
    }

    private static PostgresCluster start() {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (apt-get install postgresql; .ci/run "
                    + "does it)");
        }
        try {
            Path dir = Files.createTempDirectory("myelin-pg");
            int port;
            try (var socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (isRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            }
            Path data = dir.resolve("data");
            run(asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U",
                    "postgres", "--no-sync")));
            run(asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
                    dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                            + " -c fsync=off", "start")));
            return new PostgresCluster(data, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        run(asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate",
                "stop")));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        var wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
