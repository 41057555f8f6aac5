package dev.myelin.crypto.keyshare.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.keyshare.JsSdkKeyPolicy;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class EpochKeySimulationTest {
    private static final KeyPolicyConfig CONFIG = KeyPolicyConfig.defaults();
    private static final KeyShareSimulator.Settings SETTINGS = KeyShareSimulator.Settings.defaults(42);

    private static Scenario fourThenLeave(int leaver) {
        return new Scenario("one leave", List.of(
                new Scenario.Change(0, 0, true), new Scenario.Change(0, 1, true), new Scenario.Change(0, 2, true),
                new Scenario.Change(0, 3, true), new Scenario.Change(60_000, leaver, false)));
    }

    private static long messages(Scenario scenario, Population population) {
        return KeyShareSimulator.run(scenario, population, SETTINGS).keyMessages();
    }

    @Test
    void leave_costsOneEpochMessagePerRemainingMemberButTheDistributor() {
        Scenario withLeave = fourThenLeave(3);
        var withoutLeave = new Scenario("no leave", withLeave.changes().subList(0, 4));

        long cost = messages(withLeave, Population.epochs(CONFIG)) - messages(withoutLeave, Population.epochs(CONFIG));

        assertThat(cost).isEqualTo(2);
    }

    @Test
    void distributorLeaving_costsTheSameAfterFailover() {
        Scenario withLeave = fourThenLeave(0);
        var withoutLeave = new Scenario("no leave", withLeave.changes().subList(0, 4));

        var result = KeyShareSimulator.run(withLeave, Population.epochs(CONFIG), SETTINGS);

        assertThat(result.keyMessages() - messages(withoutLeave, Population.epochs(CONFIG))).isEqualTo(2);
        assertThat(result.lackingPairsAtEnd()).isZero();
        assertThat(result.exposureMaxMs()).isLessThan(2_000);
    }

    @Test
    void keyTreeAccounting_countsARotationAsOneBroadcastAndAJoinAsOneMessage() {
        var scenario = Scenario.standard(200, 20, 3_000, 5);

        var olm = KeyShareSimulator.run(scenario, Population.epochs(CONFIG), SETTINGS);
        var tree = KeyShareSimulator.run(scenario, Population.epochsOverKeyTree(CONFIG), SETTINGS);

        // 10 single leaves and the final burst: 11 rotations, one broadcast each; 10 joiners get the epoch in use
        // (within the grace period, so no rotation): one message each.
        assertThat(tree.keyMessages()).isEqualTo(11 + 10);
        assertThat(olm.keyMessages()).isGreaterThan(11L * 170 + 10);
        assertThat(tree.convergeMaxMs()).isEqualTo(olm.convergeMaxMs());
    }

    @Test
    void mixedCall_sendsPerSenderKeysToTheJsSdkMemberAndCountsThem() {
        // Participant 3 runs js-sdk: after a leave of 2, the epoch goes to 1 (from 0), and 0 and 1 each send their
        // derived key to 3; 3 rotates its own key and sends it to 0 and 1.
        Scenario withLeave = fourThenLeave(2);
        var withoutLeave = new Scenario("no leave", withLeave.changes().subList(0, 4));
        Population mixed = Population.mixed(CONFIG, 4, JsSdkKeyPolicy::new);

        var result = KeyShareSimulator.run(withLeave, mixed, SETTINGS);

        assertThat(result.keyMessages() - messages(withoutLeave, mixed)).isEqualTo(1 + 2 + 2);
        assertThat(result.lackingPairsAtEnd()).isZero();
    }

    @Test
    void lossyChurn_memberThatMissesAnEpochFiveTimesInARow_stillGetsItBeforeTheEnd() {
        // Seen failing in the random test below (run seed -6750131514425541489, 26 members, 10 % loss): the
        // distributor p1's epoch 18 reached every member but p35, whose copy was lost on the first send and on all
        // four retries (1, 2, 4, 8 s later). Retries then gave up, so p35 kept sending with epoch 17, which the others
        // had retired, and could decrypt nobody: 15 blocked pairs each way until the next rotation, which without
        // churn is the key lifetime (90 min) away. Retries now go on every 8 s while p35 remains and epoch 18 is
        // current; the sixth send arrives.
        long seed = -6750131514425541489L;
        var settings = new KeyShareSimulator.Settings(150, 300, 0.1, 30_000, seed);

        var result = KeyShareSimulator.run(Scenario.randomChurn(26, 40, seed), Population.epochs(CONFIG), settings);

        assertThat(result.lackingPairsAtEnd()).isZero();
        assertThat(result.keylessAtEnd()).isZero();
        assertThat(result.sendsToDeparted()).isZero();
    }

    @Test
    void joinAndLeaveInOneUpdate_exposesNothing() {
        // Seen failing the random test's 8 s exposure bound (run seed 7786705626570042316, 35 members, mixed): two
        // events 0 ms apart joined and then removed p46, which the simulator delivers as one update. No policy ever saw
        // p46, so none sent it a key or rotated, yet the simulator counted it as a leaver whose exposure lasted until
        // the next, unrelated rotation (12.3 s). The simulator now only counts leavers that some update announced.
        var changes = new java.util.ArrayList<>(fourThenLeave(3).changes().subList(0, 4));
        changes.add(new Scenario.Change(60_000, 4, true));
        changes.add(new Scenario.Change(60_000, 4, false));

        var result = KeyShareSimulator.run(new Scenario("join and leave at once", changes, 60_000),
                Population.epochs(CONFIG), SETTINGS);

        assertThat(result.exposureMaxMs()).isZero();
        assertThat(result.keyMessages()).isZero();
        assertThat(result.lackingPairsAtEnd()).isZero();
    }

    @Test
    void mixedCall_racingDistributorsReuseARingIndex_jsSdkMemberKeepsTheKeySentLast() {
        // Seen failing in the random test (run seed 4876311588838605168, 20 members, mixed, no loss): distributor p0
        // made epoch 20 and left; p7 took over before 20@p0 reached it, so it also made counter 20. p35 sent the js-sdk
        // member p34 its key of each (both at ring index 20), and the first one arrived last. The simulator let it
        // overwrite the second, so p34 could not decrypt p35 to the end; js-sdk and InboundCallKeys keep the key with
        // the later sent_ts at an index, and so does the simulator now.
        long seed = 4876311588838605168L;
        var settings = new KeyShareSimulator.Settings(150, 300, 0.0, 30_000, seed);

        var result = KeyShareSimulator.run(Scenario.randomChurn(20, 40, seed),
                Population.mixed(CONFIG, 5, JsSdkKeyPolicy::new), settings);

        assertThat(result.lackingPairsAtEnd()).isZero();
        assertThat(result.sendsToDeparted()).isZero();
    }

    @Test
    void randomChurn_everyRemainingMemberDecryptsEverySenderAndNoLeaverIsSentALaterKey() {
        long seed = System.nanoTime();
        System.out.println("EpochKeySimulationTest seed " + seed);
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        for (int run = 0; run < 12; run++) {
            long runSeed = random.nextLong();
            var scenario = Scenario.randomChurn(3 + random.nextInt(40), 40, runSeed);
            boolean mixed = run % 3 == 2;
            boolean lossy = !mixed && run % 2 == 1; // js-sdk members never retry, so loss is for pure epoch calls
            Population population = mixed ? Population.mixed(CONFIG, 5, JsSdkKeyPolicy::new) : Population.epochs(CONFIG);
            var settings = new KeyShareSimulator.Settings(150, 300, lossy ? 0.1 : 0.0, 30_000, runSeed);

            var result = KeyShareSimulator.run(scenario, population, settings);

            String context = "run seed " + runSeed + (mixed ? " mixed" : "") + (lossy ? " lossy" : "");
            assertThat(result.sendsToDeparted()).as(context).isZero();
            assertThat(result.lackingPairsAtEnd()).as(context).isZero();
            assertThat(result.keylessAtEnd()).as(context).isZero();
            // Without loss a leaver is locked out within debounce + rotation spacing + use delay (≈ 3.5 s), longer
            // when distributors leave in a row, since an epoch whose maker left is never switched to (seen: 5.9 s
            // over 3 600 random runs); with 10 % loss a member that missed the new epoch keeps sending with the old
            // one until a retry reaches it: retries back off 1, 2, 4, 8 s, then go on every 8 s (seen: 18.5 s after
            // four losses in a row; 25.3 and 27.0 s after five, twice in 8 000 lossy runs; 40 s allows six).
            assertThat(result.exposureMaxMs()).as(context).isLessThan(lossy ? 40_000 : 8_000);
        }
    }

    @Test
    void thousandMembers_simulateInSecondsAndCostAboutOneMessagePerMemberPerChange() {
        var scenario = Scenario.standard(1_000, 20, 3_000, 5);

        var result = KeyShareSimulator.run(scenario, Population.epochs(CONFIG), SETTINGS);

        assertThat(result.lackingPairsAtEnd()).isZero();
        assertThat(result.sendsToDeparted()).isZero();
        // 10 leaves and 10 joins one at a time, then 100 leaves at once (one rotation): about 21 rotations of ~1000.
        assertThat(result.keyMessages()).isLessThan(25L * 1_000);
        assertThat(result.convergeMaxMs()).isLessThan(1_000);
    }
}
