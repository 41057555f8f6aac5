package dev.myelin.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code ./myelin bench olm}: runs {@link OlmBenchmark} with JMH and the same operations in libolm through
 * python3-olm, and prints µs per operation, operations per second and the ratio of the two times.
 */
public final class OlmBenchReport {
    /** Debian's interpreter, the one python3-olm is installed for. */
    public static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

    /** The measured operations: JMH method name, the timing script's name, the table's label. */
    enum Operation {
        OLM_ENCRYPT_PRE_KEY("olmEncryptPreKey", "olm.encrypt.prekey", "Olm encrypt, pre-key message"),
        OLM_DECRYPT_PRE_KEY("olmDecryptPreKey", "olm.decrypt.prekey", "Olm decrypt, pre-key message"),
        OLM_ENCRYPT_NORMAL("olmEncryptNormal", "olm.encrypt.normal", "Olm encrypt, normal message"),
        OLM_DECRYPT_NORMAL("olmDecryptNormal", "olm.decrypt.normal", "Olm decrypt, normal message"),
        OLM_SESSION("olmSessionSetup", "olm.session", "Olm session set-up (out + pre-key + in)"),
        MEGOLM_ENCRYPT("megolmEncrypt", "megolm.encrypt", "Megolm encrypt"),
        MEGOLM_DECRYPT("megolmDecrypt", "megolm.decrypt", "Megolm decrypt"),
        ED25519_SIGN_JDK("ed25519SignJdk", "ed25519.sign", "Ed25519 sign, JDK engine"),
        ED25519_SIGN_OPENSSL("ed25519SignOpenSsl", "ed25519.sign", "Ed25519 sign, OpenSSL engine"),
        ED25519_VERIFY_JDK("ed25519VerifyJdk", "ed25519.verify", "Ed25519 verify, JDK engine"),
        ED25519_VERIFY_OPENSSL("ed25519VerifyOpenSsl", "ed25519.verify", "Ed25519 verify, OpenSSL engine");

        final String benchmark;
        final String libolmName;
        final String label;

        Operation(String benchmark, String libolmName, String label) {
            this.benchmark = benchmark;
            this.libolmName = libolmName;
            this.label = label;
        }

        static Optional<Operation> ofBenchmark(String method) {
            for (Operation operation : values()) {
                if (operation.benchmark.equals(method)) {
                    return Optional.of(operation);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * How long to measure: JMH iterations and forks for the Java column, timed rounds and their size for libolm's.
     * {@code forks = 0} runs JMH in this JVM (tests only: figures from a shared JVM are less trustworthy).
     */
    public record Settings(int warmupIterations, int measurementIterations, Duration iterationTime, int forks,
                           int libolmRounds, int libolmBatch, Path python) {
        public Settings {
            Objects.requireNonNull(iterationTime, "iterationTime");
            Objects.requireNonNull(python, "python");
            if (warmupIterations < 0 || measurementIterations < 1 || forks < 0 || libolmRounds < 1
                    || libolmBatch < 1 || iterationTime.isNegative() || iterationTime.isZero()) {
                throw new IllegalArgumentException("benchmark settings out of range");
            }
        }

        public static Settings full() {
            return new Settings(5, 5, Duration.ofSeconds(1), 1, 10, 200, SYSTEM_PYTHON);
        }

        public static Settings quick() {
            return new Settings(2, 3, Duration.ofMillis(500), 1, 3, 100, SYSTEM_PYTHON);
        }
    }

    private OlmBenchReport() {
    }

    public static int run(PrintStream out, Settings settings) throws RunnerException {
        out.println("Running JMH OlmBenchmark (single thread, 200-byte plaintext)...");
        Map<Operation, Double> java = measureJava(settings);
        out.println("Timing libolm through python3-olm (" + settings.python() + ")...");
        LibolmBaseline.Outcome libolm = LibolmBaseline.measure(settings.python(), settings.libolmRounds(),
                settings.libolmBatch());
        Map<Operation, Double> reference = new EnumMap<>(Operation.class);
        if (libolm instanceof LibolmBaseline.Timings timings) {
            for (Operation operation : Operation.values()) {
                Double micros = timings.microsByOperation().get(operation.libolmName);
                if (micros != null) {
                    reference.put(operation, micros);
                }
            }
        }
        print(out, java, reference);
        for (Operation operation : Operation.values()) {
            if (!java.containsKey(operation)) {
                out.println("No Java figure for " + operation.benchmark + ": the benchmark failed (run it alone with "
                        + "JMH's normal output to see why).");
            }
        }
        if (libolm instanceof LibolmBaseline.Unavailable(String reason)) {
            out.println("No libolm column: " + reason);
        }
        return 0;
    }

    private static Map<Operation, Double> measureJava(Settings settings) throws RunnerException {
        TimeValue time = TimeValue.milliseconds(settings.iterationTime().toMillis());
        var options = new OptionsBuilder()
                .include(OlmBenchmark.class.getName())
                .warmupIterations(settings.warmupIterations()).warmupTime(time)
                .measurementIterations(settings.measurementIterations()).measurementTime(time)
                .forks(settings.forks())
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<Operation, Double> micros = new EnumMap<>(Operation.class);
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            Operation.ofBenchmark(name.substring(name.lastIndexOf('.') + 1))
                    .ifPresent(operation -> micros.put(operation,
                            result.getPrimaryResult().getStatistics().getPercentile(50)));
        }
        return micros;
    }

    /** The table: one row per operation; libolm's cells and the ratio read n/a where libolm was not measured. */
    static void print(PrintStream out, Map<Operation, Double> java, Map<Operation, Double> libolm) {
        out.println();
        out.printf(Locale.ROOT, "%-41s %11s %11s %13s %12s %12s%n", "operation", "Java µs/op", "Java op/s",
                "libolm µs/op", "libolm op/s", "Java/libolm");
        for (Operation operation : Operation.values()) {
            Double ours = java.get(operation);
            Double theirs = libolm.get(operation);
            out.printf(Locale.ROOT, "%-41s %11s %11s %13s %12s %12s%n", operation.label, micros(ours), perSecond(ours),
                    micros(theirs), perSecond(theirs),
                    ours == null || theirs == null ? "n/a" : String.format(Locale.ROOT, "%.2f", ours / theirs));
        }
        out.println();
        out.println("Java/libolm is the ratio of times per operation: below 1 Java is faster. Messages go to and from");
        out.println("base64 on both sides; libolm's times include python3-olm's call overhead (a few µs per call).");
        out.println("Each figure is the median over the measured iterations (JMH) or rounds (perf_counter).");
        out.println("Olm and Megolm sign and verify with the installed Ed25519 engine (OpenSSL when libcrypto loads);");
        out.println("the Ed25519 rows sign or check a 200-byte message under each engine (libolm: Account.sign,");
        out.println("ed25519_verify).");
    }

    private static String micros(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String perSecond(Double micros) {
        return micros == null ? "n/a" : String.format(Locale.ROOT, "%.0f", 1e6 / micros);
    }
}
