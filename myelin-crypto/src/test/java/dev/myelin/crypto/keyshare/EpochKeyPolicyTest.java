package dev.myelin.crypto.keyshare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.keyshare.EpochKeyAction.InstallEpoch;
import dev.myelin.crypto.keyshare.EpochKeyAction.RetireEpoch;
import dev.myelin.crypto.keyshare.EpochKeyAction.SendEpoch;
import dev.myelin.crypto.keyshare.EpochKeyAction.SendMediaKey;
import dev.myelin.crypto.keyshare.EpochKeyAction.UseKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EpochKeyPolicyTest {
    private static final KeyPolicyConfig CONFIG = KeyPolicyConfig.defaults(); // debounce 500, use delay 1000
    private static final EpochKeyDerivation CALL = new EpochKeyDerivation("!room:example.org", "m.call#ROOM");
    private static final ParticipantId A = new ParticipantId("a");
    private static final ParticipantId B = new ParticipantId("b");
    private static final ParticipantId C = new ParticipantId("c");
    private static final ParticipantId D = new ParticipantId("d");
    private static final ParticipantId JS = new ParticipantId("js");

    private static EpochKeyPolicy policy(ParticipantId self) {
        return new EpochKeyPolicy(self, CONFIG, 10_000, PolicyHarness.countingKeys(), CALL);
    }

    private static List<CallMember> capable(ParticipantId... ids) {
        var members = new ArrayList<CallMember>();
        for (int i = 0; i < ids.length; i++) {
            members.add(new CallMember(ids[i], i * 100L, !ids[i].equals(JS)));
        }
        return members;
    }

    private static <T> List<T> of(Class<T> type, List<EpochKeyAction> actions) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static CallEpoch epoch(long counter, ParticipantId distributor, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new CallEpoch(new EpochId(counter, distributor), SecretBytes.copyOf(secret));
    }

    @Test
    void seniorMember_makesTheFirstEpochAndUsesItAtOnce() {
        var a = policy(A);

        List<EpochKeyAction> actions = a.onMembersChanged(capable(A, B, C), 0);

        assertThat(a.distributor()).contains(A);
        assertThat(of(UseKey.class, actions)).singleElement().extracting(UseKey::epoch)
                .isEqualTo(new EpochId(0, A));
        assertThat(of(SendEpoch.class, actions)).singleElement().extracting(SendEpoch::recipients)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION).containsExactlyInAnyOrder(B, C);
    }

    @Test
    void leave_makesOneNewEpochForTheRemainingMembersOnlyAfterTheDebounce() {
        var a = policy(A);
        a.onMembersChanged(capable(A, B, C, D), 0);

        List<EpochKeyAction> atLeave = a.onMembersChanged(capable(A, B, D), 20_000);
        List<EpochKeyAction> afterDebounce = a.onTimer(20_500);

        assertThat(of(SendEpoch.class, atLeave)).isEmpty();
        assertThat(of(SendEpoch.class, afterDebounce)).singleElement().satisfies(send -> {
            assertThat(send.recipients()).containsExactlyInAnyOrder(B, D);
            assertThat(send.epoch().id()).isEqualTo(new EpochId(1, A));
        });
        assertThat(of(UseKey.class, afterDebounce)).isEmpty();
        assertThat(of(UseKey.class, a.onTimer(21_500))).extracting(UseKey::epoch).containsExactly(new EpochId(1, A));
    }

    @Test
    void nonCapableMembers_getEachSendersDerivedKeyAndNeverTheEpoch() {
        var a = policy(A);
        var b = policy(B);
        List<CallMember> members = capable(A, B, JS);
        List<EpochKeyAction> first = a.onMembersChanged(members, 0);
        b.onMembersChanged(members, 0);
        CallEpoch epoch = of(SendEpoch.class, first).getFirst().epoch();

        List<EpochKeyAction> atB = b.onEpochReceived(A, epoch, 1_000, 200);

        assertThat(of(SendEpoch.class, first)).singleElement().extracting(SendEpoch::recipients)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION).containsExactly(B);
        assertThat(of(SendMediaKey.class, first)).singleElement().satisfies(send -> {
            assertThat(send.recipients()).containsExactly(JS);
            assertThat(send.key().key().equalsConstantTime(CALL.mediaKey(epoch, A).key())).isTrue();
        });
        assertThat(of(SendMediaKey.class, atB)).singleElement().satisfies(send ->
                assertThat(send.key().key().equalsConstantTime(CALL.mediaKey(epoch, B).key())).isTrue());
        assertThat(of(UseKey.class, atB)).singleElement().satisfies(use ->
                assertThat(use.key().key().equalsConstantTime(CALL.mediaKey(epoch, B).key())).isTrue());
    }

    @Test
    void distributorLeaving_nextSeniorTakesOverAtOnceWithAHigherCounter() {
        var b = policy(B);
        b.onMembersChanged(capable(A, B, C), 0);
        b.onEpochReceived(A, epoch(7, A, 1), 1_000, 200);

        List<EpochKeyAction> takeover = b.onMembersChanged(capable(B, C), 30_000);

        assertThat(b.distributor()).contains(B);
        assertThat(of(SendEpoch.class, takeover)).singleElement().satisfies(send -> {
            assertThat(send.epoch().id()).isEqualTo(new EpochId(8, B));
            assertThat(send.recipients()).containsExactly(C);
        });
    }

    @Test
    void racingDistributors_sameCounter_everyoneKeepsTheGreaterEpoch() {
        var c = policy(C);
        c.onMembersChanged(capable(A, B, C), 0);
        c.onEpochReceived(A, epoch(5, A, 1), 1_000, 100);

        List<EpochKeyAction> greater = c.onEpochReceived(B, epoch(5, B, 2), 1_000, 200);
        List<EpochKeyAction> lesserAgain = c.onEpochReceived(A, epoch(5, A, 3), 1_000, 300);

        assertThat(of(RetireEpoch.class, greater)).extracting(RetireEpoch::epoch).containsExactly(new EpochId(5, A));
        assertThat(of(UseKey.class, greater)).extracting(UseKey::epoch).containsExactly(new EpochId(5, B));
        assertThat(of(InstallEpoch.class, lesserAgain)).isEmpty();
        assertThat(c.epochInUse()).contains(new EpochId(5, B));
    }

    @Test
    void lateOlderEpoch_isInstalledForDecryptionButNeverUsedAndRetiredAfterTheWindow() {
        var c = policy(C);
        c.onMembersChanged(capable(A, B, C), 0);
        c.onEpochReceived(A, epoch(2, A, 1), 1_000, 100);

        List<EpochKeyAction> late = c.onEpochReceived(A, epoch(1, A, 2), 1_000, 200);
        List<EpochKeyAction> later = c.onTimer(10_200);

        assertThat(of(InstallEpoch.class, late)).hasSize(1);
        assertThat(of(UseKey.class, late)).isEmpty();
        assertThat(c.epochInUse()).contains(new EpochId(2, A));
        assertThat(of(RetireEpoch.class, later)).extracting(RetireEpoch::epoch).containsExactly(new EpochId(1, A));
    }

    @Test
    void previousEpoch_staysInstalledForTheRetainWindowAfterTheSwitch() {
        var c = policy(C);
        c.onMembersChanged(capable(A, B, C), 0);
        c.onEpochReceived(A, epoch(0, A, 1), 1_000, 100);
        c.onEpochReceived(A, epoch(1, A, 2), 1_000, 5_000);

        List<EpochKeyAction> switched = c.onTimer(6_000);
        List<EpochKeyAction> beforeWindow = c.onTimer(15_999);
        List<EpochKeyAction> afterWindow = c.onTimer(16_000);

        assertThat(of(UseKey.class, switched)).extracting(UseKey::epoch).containsExactly(new EpochId(1, A));
        assertThat(of(RetireEpoch.class, beforeWindow)).isEmpty();
        assertThat(of(RetireEpoch.class, afterWindow)).extracting(RetireEpoch::epoch)
                .containsExactly(new EpochId(0, A));
    }

    @Test
    void joinerDuringRollout_getsTheEpochInUseAndTheOneRollingOut() {
        var a = policy(A);
        a.onMembersChanged(capable(A, B, C), 0);
        a.onMembersChanged(capable(A, B), 20_000);
        a.onTimer(20_500); // epoch 1 rolling out until 21_500

        List<EpochKeyAction> join = a.onMembersChanged(capable(A, B, D), 21_000);

        assertThat(of(SendEpoch.class, join)).extracting(send -> send.epoch().id())
                .containsExactlyInAnyOrder(new EpochId(0, A), new EpochId(1, A));
        assertThat(of(SendEpoch.class, join)).allSatisfy(send -> assertThat(send.recipients()).containsExactly(D));
    }

    @Test
    void joinerHandedAnEpochStillRollingOut_switchesWhenTheDistributorDoes() {
        var a = policy(A);
        a.onMembersChanged(capable(A, B, C), 0);
        a.onMembersChanged(capable(A, B), 20_000);
        a.onTimer(20_500); // epoch 1 rolling out, the distributor switches at 21_500
        List<SendEpoch> toJoiner = of(SendEpoch.class, a.onMembersChanged(capable(A, B, D), 21_200));
        var d = policy(D);
        d.onMembersChanged(capable(A, B, D), 21_200);
        SendEpoch rolling = toJoiner.stream().filter(s -> s.epoch().id().counter() == 1).findFirst().orElseThrow();
        SendEpoch current = toJoiner.stream().filter(s -> s.epoch().id().counter() == 0).findFirst().orElseThrow();

        d.onEpochReceived(A, current.epoch(), current.useInMs(), 21_400);
        List<EpochKeyAction> rollingArrives = d.onEpochReceived(A, rolling.epoch(), rolling.useInMs(), 21_400);

        assertThat(current.useInMs()).isZero();
        assertThat(rolling.useInMs()).isEqualTo(300);
        assertThat(of(UseKey.class, rollingArrives)).isEmpty();
        assertThat(of(UseKey.class, d.onTimer(21_700))).extracting(UseKey::epoch).containsExactly(new EpochId(1, A));
    }

    @Test
    void failedRecipient_isRetriedPastMaxRetriesAtTheCeilingDelayUntilItLeaves() {
        var a = policy(A); // retries: 1 s doubling, maxRetries 4: 1, 2, 4, 8 s, then every 8 s
        SendEpoch send = of(SendEpoch.class, a.onMembersChanged(capable(A, B, C), 0)).getFirst();
        EpochId epoch = send.epoch().id();
        long now = 0;
        var delays = new ArrayList<Long>();
        for (int attempt = 0; attempt < 7; attempt++) {
            a.onDelivered(send.sendId(), Set.of(B), now);
            long failedAt = now;
            do {
                send = of(SendEpoch.class, a.onTimer(++now)).stream().findFirst().orElse(null);
            } while (send == null && now < failedAt + 60_000);
            assertThat(send).isNotNull();
            assertThat(send.recipients()).containsExactly(B);
            assertThat(send.epoch().id()).isEqualTo(epoch);
            delays.add(now - failedAt);
        }
        a.onMembersChanged(capable(A, C), now); // B leaves: its retries stop
        a.onDelivered(send.sendId(), Set.of(B), now);
        long leftAt = now;

        assertThat(delays).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 8_000L, 8_000L, 8_000L);
        assertThat(Stream.iterate(leftAt + 1_000, t -> t + 1_000).limit(60).flatMap(t -> a.onTimer(t).stream())
                .filter(SendEpoch.class::isInstance).map(SendEpoch.class::cast)
                .filter(retry -> retry.recipients().contains(B))).isEmpty();
    }

    @Test
    void epochFromANonMemberOrForAnotherDistributor_isIgnored() {
        var c = policy(C);
        c.onMembersChanged(capable(A, B, C), 0);

        List<EpochKeyAction> stranger = c.onEpochReceived(D, epoch(0, D, 1), 1_000, 100);
        List<EpochKeyAction> forged = c.onEpochReceived(B, epoch(0, A, 1), 1_000, 100);

        assertThat(Stream.concat(stranger.stream(), forged.stream()).filter(InstallEpoch.class::isInstance)).isEmpty();
        assertThat(c.epochInUse()).isEmpty();
    }
}
