package dev.myelin.crypto.keyshare;

import static dev.myelin.crypto.keyshare.PolicyHarness.members;
import static dev.myelin.crypto.keyshare.PolicyHarness.sends;
import static dev.myelin.crypto.keyshare.PolicyHarness.used;
import static dev.myelin.crypto.keyshare.PolicyHarness.wakeAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MyelinKeyPolicyTest {
    private final MyelinKeyPolicy policy = new MyelinKeyPolicy(KeyPolicyConfig.defaults(), PolicyHarness.countingKeys());

    @Test
    void leavesInABurst_shareOneRotation() {
        policy.onMembersChanged(members("a", "b", "c", "d"), 0);
        assertThat(sends(policy.onMembersChanged(members("a", "b", "c"), 5_000))).isEmpty();
        assertThat(sends(policy.onMembersChanged(members("a", "b"), 5_200))).isEmpty();

        var rotation = policy.onTimer(5_500);

        assertThat(sends(rotation)).singleElement().satisfies(send -> {
            assertThat(send.recipients()).isEqualTo(members("a", "b"));
            assertThat(send.key().index()).isEqualTo(1);
        });
        assertThat(sends(policy.onTimer(6_500))).isEmpty();
        assertThat(used(policy.onTimer(6_500))).isEmpty();
    }

    @Test
    void rotatedKey_goesIntoUseAfterTheUseDelay() {
        policy.onMembersChanged(members("a", "b"), 0);
        policy.onMembersChanged(members("a"), 5_000);
        var rotation = policy.onTimer(5_500);

        assertThat(wakeAt(rotation)).isEqualTo(6_500);
        assertThat(used(policy.onTimer(6_500))).extracting(MediaKey::index).containsExactly(1);
    }

    @Test
    void joinerDuringARollout_getsTheKeyInUseAndTheOneRollingOut() {
        policy.onMembersChanged(members("a", "b"), 0);
        policy.onMembersChanged(members("a"), 5_000);
        policy.onTimer(5_500);

        var actions = policy.onMembersChanged(members("a", "c"), 5_600);

        assertThat(sends(actions)).extracting(send -> send.key().index()).containsExactlyInAnyOrder(0, 1);
        assertThat(sends(actions)).allSatisfy(send -> assertThat(send.recipients()).isEqualTo(members("c")));
    }

    @Test
    void joinAfterGrace_givesTheJoinerTheKeyInUseAtOnceThenRotates() {
        policy.onMembersChanged(members("a"), 0);

        var actions = policy.onMembersChanged(members("a", "b"), 20_000);

        assertThat(sends(actions)).hasSize(2);
        assertThat(sends(actions).get(0).key().index()).isZero();
        assertThat(sends(actions).get(0).recipients()).isEqualTo(members("b"));
        assertThat(sends(actions).get(1).key().index()).isEqualTo(1);
        assertThat(sends(actions).get(1).recipients()).isEqualTo(members("a", "b"));
    }

    @Test
    void leaver_neverReceivesAKeyMadeAfterItLeft() {
        policy.onMembersChanged(members("a", "b"), 0);
        var firstSend = sends(policy.onMembersChanged(members("a", "b", "c"), 1)).getFirst();
        policy.onMembersChanged(members("a", "b"), 2);

        var afterRetryAndRotation = new java.util.ArrayList<KeyShareAction>();
        afterRetryAndRotation.addAll(policy.onDelivered(firstSend.sendId(), members("c"), 3));
        for (long t = 3; t < 10_000; t += 100) {
            afterRetryAndRotation.addAll(policy.onTimer(t));
        }

        assertThat(sends(afterRetryAndRotation)).allSatisfy(send ->
                assertThat(send.recipients()).doesNotContain(new ParticipantId("c")));
    }

    @Test
    void failedRecipients_areRetriedWithBackoffWhileTheKeyIsCurrent() {
        var first = sends(policy.onMembersChanged(members("a", "b"), 0)).getFirst();

        var afterFailure = policy.onDelivered(first.sendId(), members("b"), 100);
        assertThat(wakeAt(afterFailure)).isEqualTo(1_100);
        var retry = sends(policy.onTimer(1_100));

        assertThat(retry).singleElement().satisfies(send -> {
            assertThat(send.recipients()).isEqualTo(members("b"));
            assertThat(send.key().index()).isZero();
        });
        assertThat(wakeAt(policy.onDelivered(retry.getFirst().sendId(), members("b"), 1_200))).isEqualTo(3_200);
    }

    @Test
    void failedRecipient_isRetriedPastMaxRetriesAtTheLastDelayUntilItLeaves() {
        // Defaults: retries from 1 s, doubling for the first 4: 1, 2, 4, 8 s, then every 8 s.
        var send = sends(policy.onMembersChanged(members("a", "b", "c"), 0)).getFirst();
        long now = 0;
        var delays = new java.util.ArrayList<Long>();
        for (int attempt = 0; attempt < 7; attempt++) {
            policy.onDelivered(send.sendId(), members("b"), now);
            long failedAt = now;
            List<KeyShareAction.SendKey> retry;
            do {
                retry = sends(policy.onTimer(++now));
            } while (retry.isEmpty() && now < failedAt + 60_000);
            assertThat(retry).singleElement().satisfies(r -> assertThat(r.recipients()).isEqualTo(members("b")));
            send = retry.getFirst();
            delays.add(now - failedAt);
        }
        // b leaves: no more retries to it (the rotation that follows goes to a and c only).
        policy.onMembersChanged(members("a", "c"), now);
        policy.onDelivered(send.sendId(), members("b"), now);
        var later = new java.util.ArrayList<KeyShareAction>();
        for (long t = now + 100; t < now + 60_000; t += 100) {
            later.addAll(policy.onTimer(t));
        }

        assertThat(delays).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 8_000L, 8_000L, 8_000L);
        assertThat(sends(later)).allSatisfy(s -> assertThat(s.recipients()).doesNotContain(new ParticipantId("b")));
    }

    @Test
    void messageBudget_holdsRotationsBackUntilItRefills() {
        var budgeted = new MyelinKeyPolicy(KeyPolicyConfig.defaults().withMessagesPerMinute(60),
                PolicyHarness.countingKeys());
        Set<ParticipantId> fifty = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(new ParticipantId("m" + i));
        }
        budgeted.onMembersChanged(fifty, 0); // 50 of 60 tokens spent on the first key
        var fewer = new java.util.HashSet<>(fifty);
        fewer.remove(new ParticipantId("m0"));

        List<KeyShareAction> actions = budgeted.onMembersChanged(fewer, 1_000);
        actions = budgeted.onTimer(wakeAt(actions));

        assertThat(sends(actions)).isEmpty();
        long refilledAt = wakeAt(actions);
        assertThat(refilledAt).isGreaterThan(30_000);
        assertThat(sends(budgeted.onTimer(refilledAt))).hasSize(1);
    }

    @Test
    void keyInUse_isReplacedAfterItsMaximumLifetime() {
        var actions = policy.onMembersChanged(members("a"), 0);

        assertThat(wakeAt(actions)).isEqualTo(KeyPolicyConfig.defaults().maxKeyLifetimeMs());
        assertThat(sends(policy.onTimer(KeyPolicyConfig.defaults().maxKeyLifetimeMs()))).singleElement()
                .extracting(send -> send.key().index()).isEqualTo(1);
    }
}
