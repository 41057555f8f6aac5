package dev.myelin.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./myelin bench frames}: runs {@link FrameCryptoBenchmark} with the GC profiler and prints, per format and
 * AES-GCM engine (the JDK's, OpenSSL's libcrypto through FFM) and frame size, µs per encrypt+decrypt, bytes
 * allocated per frame, and the throughput as a ratio of
 * {@code openssl speed -evp aes-128-gcm} at the same size. Our throughput counts each frame byte twice (encrypted
 * and decrypted), since OpenSSL's figure is encryption only.
 */
public final class FrameBenchReport {
    private static final int[] SIZES = {80, 1200, 6000, 60000};

    private FrameBenchReport() {
    }

    /** One measured row. */
    record Row(String format, String engine, int size, double microsPerFrame, double bytesAllocatedPerFrame) {
        double megabytesPerSecond() {
            return 2.0 * size / microsPerFrame; // bytes per µs = MB/s
        }
    }

    public static int run(PrintStream out, boolean quick) throws RunnerException {
        var options = new OptionsBuilder()
                .include(FrameCryptoBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .verbosity(VerboseMode.SILENT);
        if (quick) {
            options.warmupIterations(1).measurementIterations(2)
                    .warmupTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500))
                    .measurementTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500));
        }
        Options built = options.build();
        out.println("Running JMH FrameCryptoBenchmark (single thread, gc profiler)...");
        Collection<RunResult> results = new Runner(built).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            var params = result.getParams();
            Map<String, Result> secondary = result.getSecondaryResults();
            Result allocation = secondary.get("gc.alloc.rate.norm");
            rows.add(new Row(params.getParam("format"), params.getParam("engine"),
                    Integer.parseInt(params.getParam("size")),
                    result.getPrimaryResult().getScore(), allocation == null ? Double.NaN : allocation.getScore()));
        }
        Map<Integer, OptionalDouble> openssl = new TreeMap<>();
        for (int size : SIZES) {
            openssl.put(size, opensslAes128GcmMegabytesPerSecond(size));
        }
        print(out, rows, openssl);
        return 0;
    }

    static void print(PrintStream out, List<Row> rows, Map<Integer, OptionalDouble> openssl) {
        out.println();
        out.printf("%-9s %-8s %7s %12s %12s %10s %12s %9s%n", "format", "engine", "bytes", "µs/frame",
                "B alloc/fr", "MB/s", "openssl MB/s", "ratio");
        rows.stream().sorted(java.util.Comparator.comparing(Row::format).thenComparing(Row::engine)
                .thenComparingInt(Row::size)).forEach(row -> {
                    OptionalDouble reference = openssl.getOrDefault(row.size(), OptionalDouble.empty());
                    out.printf("%-9s %-8s %7d %12.2f %12.1f %10.0f %12s %9s%n", row.format(), row.engine(), row.size(),
                            row.microsPerFrame(), row.bytesAllocatedPerFrame(), row.megabytesPerSecond(),
                            reference.isPresent() ? String.format("%.0f", reference.getAsDouble()) : "n/a",
                            reference.isPresent()
                                    ? String.format("%.2f", row.megabytesPerSecond() / reference.getAsDouble())
                                    : "n/a");
                });
        out.println();
        out.println("MB/s counts every frame byte twice (encrypt + decrypt); openssl speed measures encryption only.");
        out.println("engine jdk: SunJCE (the default); openssl: libcrypto through FFM (module myelin-crypto-native).");
        out.println("Goal: ratio >= 0.8 from 1200 B up, 0 B allocated per frame.");
    }

    /** {@code openssl speed -evp aes-128-gcm -bytes N -seconds 1}, in MB/s; empty when openssl is missing or fails. */
    static OptionalDouble opensslAes128GcmMegabytesPerSecond(int size) {
        try {
            Process process = new ProcessBuilder("openssl", "speed", "-evp", "aes-128-gcm", "-bytes",
                    Integer.toString(size), "-seconds", "1").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return OptionalDouble.empty();
            }
            for (String line : output.split("\n")) {
                if (line.startsWith("AES-128-GCM")) {
                    String[] parts = line.trim().split("\\s+");
                    String kilobytes = parts[parts.length - 1].replace("k", "");
                    return OptionalDouble.of(Double.parseDouble(kilobytes) / 1000.0);
                }
            }
            return OptionalDouble.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }
}
