package dev.myelin.cli;

import dev.myelin.bench.FrameBenchReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./myelin bench frames}: media-frame crypto against OpenSSL. */
@Command(name = "bench", description = "Run benchmarks. Suites: frames (LiveKit and SFrame frame encryption).")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Suite to run: frames.")
    String suite;

    @Option(names = "--quick", description = "Shorter warm-up and measurement (noisier figures).")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (!suite.equals("frames")) {
            System.err.println("myelin bench: unknown suite '" + suite + "'; known: frames");
            return 2;
        }
        return FrameBenchReport.run(System.out, quick);
    }
}
