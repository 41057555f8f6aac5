package dev.myelin.crypto.keyshare.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.keyshare.JsSdkKeyPolicy;
import dev.myelin.crypto.keyshare.KeyPolicyConfig;
import dev.myelin.crypto.keyshare.MyelinKeyPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyShareSimulatorTest {
    private static final KeyShareSimulator.Settings SETTINGS = KeyShareSimulator.Settings.defaults(42);

    @Test
    void jsSdkPolicy_costsRemainingTimesRemainingMinusOneMessagesPerLeave() {
        var scenario = new Scenario("one leave", List.of(
                new Scenario.Change(0, 0, true), new Scenario.Change(0, 1, true), new Scenario.Change(0, 2, true),
                new Scenario.Change(0, 3, true), new Scenario.Change(60_000, 3, false)));
        var beforeLeave = new Scenario("no leave", scenario.changes().subList(0, 4));

        long withLeave = KeyShareSimulator.run(scenario, JsSdkKeyPolicy::new, SETTINGS).keyMessages();
        long withoutLeave = KeyShareSimulator.run(beforeLeave, JsSdkKeyPolicy::new, SETTINGS).keyMessages();

        assertThat(withLeave - withoutLeave).isEqualTo(3 * 2);
    }

    @Test
    void run_isDeterministicForASeed() {
        var scenario = Scenario.standard(12, 10, 3_000, 7);

        var first = KeyShareSimulator.run(scenario, JsSdkKeyPolicy::new, SETTINGS);
        var second = KeyShareSimulator.run(scenario, JsSdkKeyPolicy::new, SETTINGS);

        assertThat(first).isEqualTo(second);
    }

    @Test
    void everyChange_convergesSoEveryoneCanDecryptEveryone() {
        var scenario = Scenario.standard(10, 10, 3_000, 7);

        var js = KeyShareSimulator.run(scenario, JsSdkKeyPolicy::new, SETTINGS);
        var myelin = KeyShareSimulator.run(scenario,
                keys -> new MyelinKeyPolicy(KeyPolicyConfig.defaults(), keys), SETTINGS);

        assertThat(js.convergeMaxMs()).isLessThan(5_000);
        assertThat(myelin.convergeMaxMs()).isLessThan(5_000);
        assertThat(myelin.exposureMaxMs()).isLessThan(5_000);
    }

    @Test
    void myelinPolicy_sendsFewerMessagesThanJsSdkUnderBurstyChurn() {
        var scenario = Scenario.standard(30, 20, 300, 11);

        var js = KeyShareSimulator.run(scenario, JsSdkKeyPolicy::new, SETTINGS);
        var myelin = KeyShareSimulator.run(scenario,
                keys -> new MyelinKeyPolicy(KeyPolicyConfig.defaults(), keys), SETTINGS);

        assertThat(myelin.keyMessages()).isLessThan(js.keyMessages());
        assertThat(myelin.blackoutMsPerPair()).isLessThanOrEqualTo(js.blackoutMsPerPair());
    }

    @Test
    void lostMessages_areRecoveredByRetriesInTheMyelinPolicyOnly() {
        var lossy = new KeyShareSimulator.Settings(150, 100, 0.2, 20_000, 3);
        var scenario = Scenario.standard(8, 4, 3_000, 5);

        var js = KeyShareSimulator.run(scenario, JsSdkKeyPolicy::new, lossy);
        var myelin = KeyShareSimulator.run(scenario,
                keys -> new MyelinKeyPolicy(KeyPolicyConfig.defaults(), keys), lossy);

        assertThat(myelin.convergeMaxMs()).isLessThan(js.convergeMaxMs());
        assertThat(myelin.convergeMaxMs()).isLessThan(20_000);
    }
}
