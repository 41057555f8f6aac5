package dev.myelin.homeserver.testing;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A homeserver in its own JVM, for tests that must kill it without a clean shutdown ({@code kill -9}). The child
 * prints {@code LISTENING <port>} once it accepts requests.
 */
public final class ForkedHomeserver implements AutoCloseable {
    private static final String READY = "LISTENING ";

    private final Process process;
    private final int port;
    private final long readyAtMillis;

    private ForkedHomeserver(Process process, int port, long readyAtMillis) {
        this.process = process;
        this.port = port;
        this.readyAtMillis = readyAtMillis;
    }

    /** Child entry point: {@code ForkedHomeserver <dataDirectory>}. */
    public static void main(String[] args) throws Exception {
        var config = HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, Path.of(args[0]))
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build();
        Homeserver server = Homeserver.start(config);
        System.out.println(READY + server.port());
        System.out.flush();
        server.join();
    }

    /** Starts a child on {@code data} and waits until it listens. */
    public static ForkedHomeserver start(Path data, Path log, Duration timeout) throws IOException,
            InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                classPath(), ForkedHomeserver.class.getName(), data.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(READY)) {
                    return new ForkedHomeserver(process, Integer.parseInt(line.substring(READY.length()).trim()),
                            System.currentTimeMillis());
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("forked homeserver exited: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("forked homeserver not ready within " + timeout + ": " + Files.readString(log));
    }

    /** Surefire puts the main modules on the module path: the child gets everything on its class path. */
    private static String classPath() {
        String modules = System.getProperty("jdk.module.path", "");
        String classes = System.getProperty("java.class.path", "");
        return modules.isEmpty() ? classes : classes + java.io.File.pathSeparator + modules;
    }

    public TestClient client() {
        return new TestClient(java.net.URI.create("http://127.0.0.1:" + port));
    }

    /** Wall-clock time at which the test saw the child ready. */
    public long readyAtMillis() {
        return readyAtMillis;
    }

    /** SIGKILL: no shutdown hooks, no graceful stop, no commit of anything in flight. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
