package dev.myelin.crypto.keyshare.simulation;

import dev.myelin.crypto.keyshare.JsSdkKeyPolicy;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.crypto.keyshare.MyelinKeyPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the standard scenario for each call size under js-sdk's policy, Myelin's per-sender policy, epoch keys,
 * epoch keys with every tenth member on js-sdk (which cannot derive and is sent per-sender keys), and epoch keys
 * whose rotations go out as one key-tree broadcast (accounting only, see {@link Population#epochsOverKeyTree}), and
 * formats the table.
 */
public final class PolicyComparison {
    /** Every this many members, one runs js-sdk in the mixed rows. */
    public static final int MIXED_LEGACY_EVERY = 10;

    /** One row: a policy at a call size. */
    public record Row(String policy, int members, SimulationResult result) {
    }

    private PolicyComparison() {
    }

    public static List<Row> run(List<Integer> sizes, int churn, long churnGapMs, KeyShareSimulator.Settings settings) {
        var rows = new ArrayList<Row>();
        var config = KeyPolicyConfig.defaults();
        for (int members : sizes) {
            var scenario = Scenario.standard(members, churn, churnGapMs, settings.seed());
            rows.add(new Row("js-sdk 43", members, KeyShareSimulator.run(scenario, JsSdkKeyPolicy::new, settings)));
            rows.add(new Row("myelin", members, KeyShareSimulator.run(scenario,
                    keys -> new MyelinKeyPolicy(config, keys), settings)));
            rows.add(new Row("epoch", members, KeyShareSimulator.run(scenario, Population.epochs(config),
                    settings)));
            rows.add(new Row("epoch+10% js", members, KeyShareSimulator.run(scenario,
                    Population.mixed(config, MIXED_LEGACY_EVERY, JsSdkKeyPolicy::new), settings)));
            rows.add(new Row("epoch/tree*", members, KeyShareSimulator.run(scenario,
                    Population.epochsOverKeyTree(config), settings)));
        }
        return rows;
    }

    public static String table(List<Row> rows) {
        var out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-13s %7s %8s %12s %12s %12s %12s %14s %12s%n", "policy", "members",
                "changes", "messages", "msgs/change", "converge p50", "converge max", "blackout/pair", "exposure max"));
        for (Row row : rows) {
            SimulationResult r = row.result();
            out.append(String.format(Locale.ROOT, "%-13s %7d %8d %12d %12.1f %10d ms %10d ms %11.0f ms %9d ms%n",
                    row.policy(), row.members(), r.changes(), r.keyMessages(), r.messagesPerChange(),
                    r.convergeP50Ms(), r.convergeMaxMs(), r.blackoutMsPerPair(), r.exposureMaxMs()));
        }
        return out.toString();
    }
}
