package dev.myelin.bench;

import dev.myelin.crypto.keyshare.simulation.KeyShareSimulator;
import dev.myelin.crypto.keyshare.simulation.PolicyComparison;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./myelin bench keys}: the deterministic call simulator, for each call size, under steady churn (one change
 * every 3 s) and bursty churn (one every 300 ms): js-sdk 43's per-sender policy, Myelin's per-sender policy, epoch
 * keys (one distributor, N−1 messages per change), epoch keys with every tenth member on js-sdk (sent per-sender
 * keys), and epoch keys sent as key-tree broadcasts (accounting only). Figures are for the churn and the final burst of leaves only; the ramp-up that builds the call is not
 * counted.
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
        out.println("policies: js-sdk 43 and myelin send per-sender keys to every member; epoch: the most senior member "
                + "sends one epoch secret per change to each member, senders' keys are derived from it; epoch+10% js: "
                + "every tenth member runs js-sdk and gets per-sender keys from everyone (counted); epoch/tree*: the "
                + "epoch schedule with each rotation sent as one key-tree (LKH) broadcast of about 2*log2(N) wrapped "
                + "keys, joiners one Olm message: message accounting only, the tree's cryptography is not simulated.");
        for (long gapMs : new long[] {3_000, 300}) {
            long started = System.nanoTime(); // wall clock: the machine may be shared
            var rows = PolicyComparison.run(sizes, churn, gapMs, settings);
            out.printf("%nchurn every %d ms%n", gapMs);
            out.print(PolicyComparison.table(rows));
            out.printf("(simulated in %.1f s)%n", (System.nanoTime() - started) / 1e9);
        }
        return 0;
    }
}
