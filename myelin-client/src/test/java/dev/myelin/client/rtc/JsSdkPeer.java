package dev.myelin.client.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A matrix-js-sdk 43 MatrixRTC participant in Node (interop/matrix-js-sdk/rtc-keys.mjs), read as the JSON step lines
 * it prints; its log goes to a temporary file whose tail explains a failed wait.
 */
final class JsSdkPeer implements AutoCloseable {
    private final Process node;
    private final Path log;
    private final Duration wait;
    private final BlockingQueue<JsonObject> steps = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();

    private JsSdkPeer(Process node, Path log, Duration wait) {
        this.node = node;
        this.log = log;
        this.wait = wait;
        Thread.ofVirtual().start(this::readSteps);
    }

    static Path folder() {
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/matrix-js-sdk");
        assertThat(folder.resolve("node_modules/matrix-js-sdk")).as(
                "npm packages in %s (./myelin test runs npm ci there; Node 20+ is required)", folder).isDirectory();
        return folder;
    }

    /** Runs {@code node rtc-keys.mjs args...}. */
    static JsSdkPeer start(List<String> args, Duration wait) throws IOException {
        Path log = Files.createTempFile("rtc-keys", ".log");
        var command = new ArrayList<>(List.of("node", "rtc-keys.mjs"));
        command.addAll(args);
        Process node = new ProcessBuilder(command).directory(folder().toFile()).redirectError(log.toFile()).start();
        return new JsSdkPeer(node, log, wait);
    }

    /** The first step so far or within the wait that matches; fails with the log tail otherwise. */
    JsonObject await(Predicate<JsonObject> wanted) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<JsonObject> match = seen.stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            long left = deadline - System.nanoTime();
            JsonObject step = left > 0 ? steps.poll(left, TimeUnit.NANOSECONDS) : null;
            if (step == null) {
                throw new AssertionError("no matching js-sdk step within " + wait + "; saw " + seen + "; log tail:\n"
                        + tail(log));
            }
            if (step.string("step").equals("failed")) {
                throw new AssertionError("js-sdk participant failed: " + step);
            }
            seen.add(step);
        }
    }

    /** Every step read so far. */
    List<JsonObject> seen() {
        steps.drainTo(seen);
        return List.copyOf(seen);
    }

    String logTail() throws IOException {
        return tail(log);
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private void readSteps() {
        try (var reader = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("{")) {
                    steps.add(Json.parseObject(line));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Closes its stdin (it leaves the call) and waits for it to end. */
    @Override
    public void close() throws IOException, InterruptedException {
        node.getOutputStream().close();
        if (!node.waitFor(20, TimeUnit.SECONDS)) {
            node.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
