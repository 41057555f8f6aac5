package dev.myelin.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * libolm's figures for the operations {@link OlmBenchmark} measures, timed by {@code libolm_timing.py} under
 * Debian's python3-olm with {@code time.perf_counter}. The script prints {@code <operation> <µs per operation>} lines.
 */
final class LibolmBaseline {
    /** Exit status of the script when {@code import olm} fails. */
    static final int MISSING_MODULE = 3;
    private static final long TIMEOUT_MINUTES = 10;

    /** Either timings by operation name, or why there are none. */
    sealed interface Outcome {
    }

    record Timings(Map<String, Double> microsByOperation) implements Outcome {
        Timings {
            microsByOperation = Map.copyOf(microsByOperation);
        }
    }

    record Unavailable(String reason) implements Outcome {
    }

    private LibolmBaseline() {
    }

    /** Runs the timing script with {@code python}, {@code rounds} timed rounds of {@code batch} operations each. */
    static Outcome measure(Path python, int rounds, int batch) {
        if (!Files.isExecutable(python)) {
            return new Unavailable(python + " not found: install python3 and python3-olm to compare with libolm");
        }
        try {
            Path script = Files.createTempFile("libolm_timing", ".py");
            try {
                try (InputStream in = LibolmBaseline.class.getResourceAsStream("libolm_timing.py")) {
                    if (in == null) {
                        throw new IllegalStateException("libolm_timing.py missing from the bench module");
                    }
                    Files.write(script, in.readAllBytes());
                }
                return run(new ProcessBuilder(python.toString(), script.toString(), Integer.toString(rounds),
                        Integer.toString(batch)));
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome run(ProcessBuilder command) throws IOException {
        Process process = command.start();
        // Both pipes drained at once on their own threads, so neither can fill up and stall the script.
        Executor readers = Thread.ofVirtual().name("libolm-timing-output")::start;
        CompletableFuture<String> output =
                CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), readers);
        CompletableFuture<String> errors =
                CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), readers);
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Unavailable("libolm timing script did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted");
        }
        String stderr = errors.join().strip();
        if (process.exitValue() == MISSING_MODULE) {
            return new Unavailable("python3-olm is not installed (" + stderr
                    + "); install it with apt-get install python3-olm");
        }
        if (process.exitValue() != 0) {
            return new Unavailable("libolm timing script failed with status " + process.exitValue() + ": " + stderr);
        }
        try {
            return new Timings(parse(output.join()));
        } catch (IllegalArgumentException e) {
            return new Unavailable(e.getMessage());
        }
    }

    /** Parses the script's output; throws {@link IllegalArgumentException} on any line of another shape. */
    static Map<String, Double> parse(String output) {
        var timings = new LinkedHashMap<String, Double>();
        for (String line : output.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length != 2) {
                throw new IllegalArgumentException("unexpected libolm timing line: " + line);
            }
            double micros;
            try {
                micros = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unexpected libolm timing line: " + line, e);
            }
            if (!(micros > 0) || Double.isInfinite(micros)) {
                throw new IllegalArgumentException("unexpected libolm timing line: " + line);
            }
            timings.put(parts[0], micros);
        }
        return timings;
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
