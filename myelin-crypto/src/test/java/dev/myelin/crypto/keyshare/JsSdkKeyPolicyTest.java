package dev.myelin.crypto.keyshare;

import static dev.myelin.crypto.keyshare.PolicyHarness.members;
import static dev.myelin.crypto.keyshare.PolicyHarness.sends;
import static dev.myelin.crypto.keyshare.PolicyHarness.used;
import static dev.myelin.crypto.keyshare.PolicyHarness.wakeAt;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsSdkKeyPolicyTest {
    private final JsSdkKeyPolicy policy = new JsSdkKeyPolicy(PolicyHarness.countingKeys());

    @Test
    void firstKey_isUsedAtOnceAndSentToEveryone() {
        var actions = policy.onMembersChanged(members("a", "b"), 0);

        assertThat(used(actions)).singleElement().extracting(MediaKey::index).isEqualTo(0);
        assertThat(sends(actions)).singleElement().satisfies(send ->
                assertThat(send.recipients()).isEqualTo(members("a", "b")));
    }

    @Test
    void joinWithinGrace_sendsTheNewestKeyToTheJoinerOnly() {
        policy.onMembersChanged(members("a"), 0);

        var actions = policy.onMembersChanged(members("a", "b"), 9_999);

        assertThat(sends(actions)).singleElement().satisfies(send -> {
            assertThat(send.recipients()).isEqualTo(members("b"));
            assertThat(send.key().index()).isZero();
        });
    }

    @Test
    void joinAfterGrace_rotatesForEveryoneAndUsesTheKeyOneSecondLater() {
        policy.onMembersChanged(members("a"), 0);

        var actions = policy.onMembersChanged(members("a", "b"), 10_000);

        assertThat(sends(actions)).singleElement().satisfies(send -> {
            assertThat(send.recipients()).isEqualTo(members("a", "b"));
            assertThat(send.key().index()).isEqualTo(1);
        });
        assertThat(used(actions)).isEmpty();
        assertThat(wakeAt(actions)).isEqualTo(11_000);
        assertThat(used(policy.onTimer(11_000))).extracting(MediaKey::index).containsExactly(1);
    }

    @Test
    void leave_rotatesForTheRemainingOnly() {
        policy.onMembersChanged(members("a", "b"), 0);

        var actions = policy.onMembersChanged(members("a"), 1);

        assertThat(sends(actions)).singleElement().satisfies(send ->
                assertThat(send.recipients()).isEqualTo(members("a")));
    }

    @Test
    void rotationDuringARollout_happensOnceAfterIt() {
        policy.onMembersChanged(members("a", "b", "c"), 0);
        policy.onMembersChanged(members("a", "b"), 100);
        assertThat(sends(policy.onMembersChanged(members("a"), 200))).isEmpty();

        var afterRollout = policy.onTimer(1_100);

        assertThat(used(afterRollout)).extracting(MediaKey::index).containsExactly(1);
        assertThat(sends(afterRollout)).singleElement().satisfies(send -> {
            assertThat(send.key().index()).isEqualTo(2);
            assertThat(send.recipients()).isEqualTo(members("a"));
        });
    }
}
