package dev.myelin.bench;

import dev.myelin.crypto.keyshare.simulation.KeyShareSimulator;
import dev.myelin.crypto.keyshare.simulation.PolicyComparison;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./myelin bench keys}: the deterministic call simulator, js-sdk 43's key-sharing policy beside Myelin's, for
 * each call size, under steady churn (one change every 3 s) and bursty churn (one every 300 ms). Figures are for the
 * churn and the final burst of leaves only; the ramp-up that builds the call is not counted.
 */
public final class KeyShareBenchReport {
    private KeyShareBenchReport() {
    }

    public static int run(PrintStream out, List<Integer> sizes, int churn, long seed) {
        var settings = KeyShareSimulator.Settings.defaults(seed);
        out.printf("Key sharing, simulated: %d single joins/leaves then a tenth of the call leaving at once; "
                + "to-device latency %d-%d ms; seed %d%n", churn, settings.latencyMs(),
                settings.latencyMs() + settings.jitterMs(), seed);
        out.println("converge: time from a change until every member can decrypt every sender; blackout/pair: time a "
                + "(receiver, sender) pair could not decrypt, per pair; exposure: time after a leave until every "
                + "remaining sender uses a key made after it.");
        for (long gapMs : new long[] {3_000, 300}) {
            long started = System.nanoTime();
            var rows = PolicyComparison.run(sizes, churn, gapMs, settings);
            out.printf("%nchurn every %d ms%n", gapMs);
            out.print(PolicyComparison.table(rows));
            out.printf("(simulated in %.1f s)%n", (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }
}
