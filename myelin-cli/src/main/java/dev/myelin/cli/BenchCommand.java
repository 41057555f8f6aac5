package dev.myelin.cli;

import dev.myelin.bench.FrameBenchReport;
import dev.myelin.bench.KeyShareBenchReport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./myelin bench <suite>}: benchmarks that print their figures. */
@Command(name = "bench", description = "Run a benchmark and print its figures.",
        subcommands = {BenchCommand.Frames.class, BenchCommand.Keys.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing suite: frames or keys.");
    }

    @Command(name = "frames", description = "Media-frame encryption (LiveKit, SFrame) with JMH, beside openssl speed.")
    static final class Frames implements Callable<Integer> {
        @Option(names = "--quick", description = "Shorter warm-up and measurement (noisier figures).")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            return FrameBenchReport.run(System.out, quick);
        }
    }

    @Command(name = "keys", description = "Key-sharing policies (js-sdk 43 and Myelin) in a simulated call.")
    static final class Keys implements Callable<Integer> {
        @Option(names = "--members", split = ",", defaultValue = "10,50,100,200",
                description = "Call sizes to simulate (default: ${DEFAULT-VALUE}).")
        List<Integer> members;

        @Option(names = "--churn", defaultValue = "20", description = "Single joins/leaves after the ramp-up.")
        int churn;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation.")
        long seed;

        @Override
        public Integer call() {
            if (members.stream().anyMatch(size -> size < 2 || size > 2_000)) {
                System.err.println("myelin bench keys: call sizes must be 2 to 2000");
                return 2;
            }
            return KeyShareBenchReport.run(System.out, members, churn, seed);
        }
    }
}
