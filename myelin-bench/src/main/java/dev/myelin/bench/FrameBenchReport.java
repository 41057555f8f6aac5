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
 * {@code ./myelin bench frames}: runs {@link FrameCryptoBenchmark} with the GC profiler and {@link ThreadCpuProfiler}
 * and prints, per format, AES-GCM engine (the JDK's, OpenSSL's libcrypto through FFM) and frame size, µs per
 * encrypt+decrypt by wall clock and by the thread's CPU time, bytes allocated per frame, and the throughput as a
 * ratio of {@code openssl speed -evp aes-128-gcm} at the same size: CPU time against openssl's default (user CPU
 * time), wall clock against {@code openssl speed -elapsed}. Our throughput counts each frame byte twice (encrypted
 * and decrypted), since OpenSSL's figure is encryption only. On a machine shared with other jobs the CPU-time ratio is
 * the fair one: both sides then count only the time they had a core.
 */
public final class FrameBenchReport {
    private static final int[] SIZES = {80, 1200, 6000, 60000};

    private FrameBenchReport() {
    }

    /** One measured row: µs per encrypt+decrypt by wall clock and by thread CPU time. */
    record Row(String format, String engine, int size, double microsPerFrame, double cpuMicrosPerFrame,
            double bytesAllocatedPerFrame) {
        double megabytesPerSecond() {
            return 2.0 * size / microsPerFrame; // bytes per µs = MB/s
        }

        double cpuMegabytesPerSecond() {
            return 2.0 * size / cpuMicrosPerFrame;
        }
    }

    /** {@code openssl speed} at one size: MB/s per CPU second (its default) and per wall-clock second. */
    record OpenSslSpeed(OptionalDouble cpu, OptionalDouble wall) {
    }

    public static int run(PrintStream out, boolean quick) throws RunnerException {
        var options = new OptionsBuilder()
                .include(FrameCryptoBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .addProfiler(ThreadCpuProfiler.class)
                .verbosity(VerboseMode.SILENT);
        if (quick) {
            options.warmupIterations(2).measurementIterations(2)
                    .warmupTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500))
                    .measurementTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500));
        }
        Options built = options.build();
        out.println("Running JMH FrameCryptoBenchmark (single thread, gc and thread-CPU profilers)...");
        Collection<RunResult> results = new Runner(built).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            var params = result.getParams();
            Map<String, Result> secondary = result.getSecondaryResults();
            Result allocation = secondary.get("gc.alloc.rate.norm");
            Result cpu = secondary.get("cpu.time.op");
            rows.add(new Row(params.getParam("format"), params.getParam("engine"),
                    Integer.parseInt(params.getParam("size")), result.getPrimaryResult().getScore(),
                    cpu == null ? Double.NaN : cpu.getScore() / 1000.0,
                    allocation == null ? Double.NaN : allocation.getScore()));
        }
        out.println("Running openssl speed -evp aes-128-gcm (CPU time, then -elapsed) at each size...");
        Map<Integer, OpenSslSpeed> openssl = new TreeMap<>();
        for (int size : SIZES) {
            openssl.put(size, new OpenSslSpeed(opensslAes128GcmMegabytesPerSecond(size, false),
                    opensslAes128GcmMegabytesPerSecond(size, true)));
        }
        print(out, rows, openssl);
        return 0;
    }

    static void print(PrintStream out, List<Row> rows, Map<Integer, OpenSslSpeed> openssl) {
        out.println();
        out.printf("%-9s %-8s %6s %9s %9s %8s %8s %8s %8s %8s %6s %6s%n", "format", "engine", "bytes", "wall µs",
                "cpu µs", "B alloc", "MB/s cpu", "ossl cpu", "MB/s wal", "ossl wal", "r cpu", "r wall");
        rows.stream().sorted(java.util.Comparator.comparing(Row::format).thenComparing(Row::engine)
                .thenComparingInt(Row::size)).forEach(row -> {
                    OpenSslSpeed none = new OpenSslSpeed(OptionalDouble.empty(), OptionalDouble.empty());
                    // AES-GCM figures are no yardstick for CTR+HMAC: no ratio there
                    OpenSslSpeed reference = row.format().equals("SFRAME_1") ? none
                            : openssl.getOrDefault(row.size(), none);
                    out.printf("%-9s %-8s %6d %9.2f %9.2f %8.1f %8.0f %8s %8.0f %8s %6s %6s%n", row.format(),
                            row.engine(), row.size(), row.microsPerFrame(), row.cpuMicrosPerFrame(),
                            row.bytesAllocatedPerFrame(), row.cpuMegabytesPerSecond(), figure(reference.cpu()),
                            row.megabytesPerSecond(), figure(reference.wall()),
                            ratio(row.cpuMegabytesPerSecond(), reference.cpu()),
                            ratio(row.megabytesPerSecond(), reference.wall()));
                });
        out.println();
        out.println("wall µs / cpu µs: one encrypt + decrypt by JMH's wall clock / by the thread's CPU time.");
        out.println("MB/s counts every frame byte twice (encrypt + decrypt); openssl speed measures encryption only,");
        out.println("streaming (no per-frame IV, AAD or tag). ossl cpu: openssl speed (user CPU time, its default);");
        out.println("ossl wal: openssl speed -elapsed. r cpu = MB/s cpu / ossl cpu; r wall = MB/s wal / ossl wal.");
        out.println("SFRAME_1 is AES-128-CTR + HMAC-SHA256-80 (no openssl speed counterpart, no ratio); SFRAME_4/5 and");
        out.println("LIVEKIT are AES-GCM (SFRAME_5 with a 256-bit key, still compared with openssl's AES-128-GCM).");
        out.println("engine jdk: SunJCE (the default); openssl: libcrypto through FFM (module myelin-crypto-native).");
        out.println("B alloc: JMH's gc.alloc.rate.norm, which spreads JMH's own per-iteration allocations over the");
        out.println("operations: a few bytes or less per frame means no object is made per frame (any costs >= 16 B).");
        out.println("Goal: ratio >= 0.8 from 1200 B up, 0 B allocated per frame.");
    }

    private static String figure(OptionalDouble value) {
        return value.isPresent() ? String.format("%.0f", value.getAsDouble()) : "n/a";
    }

    private static String ratio(double ours, OptionalDouble reference) {
        return reference.isPresent() && !Double.isNaN(ours)
                ? String.format("%.2f", ours / reference.getAsDouble()) : "n/a";
    }

    /**
     * {@code openssl speed [-elapsed] -evp aes-128-gcm -bytes N -seconds 2}, in MB/s; empty when openssl is missing or
     * fails.
     */
    static OptionalDouble opensslAes128GcmMegabytesPerSecond(int size, boolean elapsed) {
        try {
            List<String> command = new ArrayList<>(List.of("openssl", "speed"));
            if (elapsed) {
                command.add("-elapsed");
            }
            command.addAll(List.of("-evp", "aes-128-gcm", "-bytes", Integer.toString(size), "-seconds", "2"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
