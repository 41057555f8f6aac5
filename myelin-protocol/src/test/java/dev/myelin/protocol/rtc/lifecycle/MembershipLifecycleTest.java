package dev.myelin.protocol.rtc.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.protocol.rtc.lifecycle.LifecycleAction.Send;
import dev.myelin.protocol.rtc.lifecycle.LifecycleAction.WakeAt;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.CancelDelayedLeave;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.CreateDelayedLeave;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.RestartDelayedLeave;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.SendDelayedLeaveNow;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.SendLeave;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.SendMembership;
import dev.myelin.protocol.rtc.lifecycle.MembershipLifecycle.Phase;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.Forbidden;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.LocalTimeout;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.MaxDelayExceeded;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.NetworkError;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.NotFound;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.Ok;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.RateLimited;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Drives the lifecycle on a virtual clock, answering each request as a test server would. */
class MembershipLifecycleTest {
    private static final long HOUR = 3_600_000;

    private final MembershipLifecycle lifecycle = new MembershipLifecycle(LifecycleConfig.jsSdkDefaults());
    private List<LifecycleAction> actions = List.of();
    private long now = 1_000_000;

    private Send pending() {
        return actions.stream().filter(Send.class::isInstance).map(Send.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no request pending; actions were " + actions));
    }

    private LifecycleRequest request() {
        return pending().request();
    }

    private void answer(RequestOutcome outcome) {
        actions = lifecycle.onResponse(pending().requestId(), outcome, now);
    }

    private void answerOk() {
        answer(Ok.empty());
    }

    private void answerDelayId(String id) {
        answer(new Ok(Optional.of(id)));
    }

    private long wakeAt() {
        return actions.stream().filter(WakeAt.class::isInstance).map(a -> ((WakeAt) a).at()).findFirst()
                .orElseThrow(() -> new AssertionError("no wake-up requested; actions were " + actions));
    }

    private void advanceToWakeUp() {
        now = wakeAt();
        actions = lifecycle.onTimer(now);
    }

    private void joinFully() {
        actions = lifecycle.join(now);
        answerDelayId("d1");
        answerOk();
    }

    @Test
    void join_schedulesTheDelayedLeaveFirstThenTheMembershipThenRestartsAtOnce() {
        actions = lifecycle.join(now);
        assertThat(request()).isEqualTo(new CreateDelayedLeave(8_000));

        answerDelayId("d1");
        assertThat(request()).isEqualTo(new SendMembership(0, 14_400_000));

        answerOk();
        assertThat(actions).contains(new LifecycleAction.Joined());
        assertThat(request()).isEqualTo(new RestartDelayedLeave("d1", 2_000));
        assertThat(lifecycle.phase()).isEqualTo(Phase.JOINED);
    }

    @Test
    void restart_repeatsEveryFiveSeconds() {
        joinFully();
        answerOk();
        assertThat(wakeAt()).isEqualTo(now + 5_000);

        advanceToWakeUp();
        assertThat(request()).isEqualTo(new RestartDelayedLeave("d1", 2_000));
    }

    @Test
    void maxDelayExceeded_lowersTheDelayAndRetriesAtOnce() {
        actions = lifecycle.join(now);
        answer(new MaxDelayExceeded(5_000));

        assertThat(request()).isEqualTo(new CreateDelayedLeave(5_000));
        assertThat(lifecycle.delayMs()).isEqualTo(5_000);
    }

    @Test
    void forbiddenDelayedLeave_joinsWithoutOneAndNeverRestarts() {
        actions = lifecycle.join(now);
        answer(new Forbidden());
        assertThat(request()).isInstanceOf(SendMembership.class);

        answerOk();
        assertThat(actions).contains(new LifecycleAction.Joined()).noneMatch(Send.class::isInstance);
        assertThat(wakeAt()).isEqualTo(now + HOUR - 5_000);
    }

    @Test
    void serverWithoutDelayedEvents_sendsTheMembershipDirectly() {
        var plain = new MembershipLifecycle(LifecycleConfig.jsSdkDefaults().withDelayedEvents(false));

        var first = plain.join(now);

        assertThat(first).singleElement().isInstanceOfSatisfying(Send.class,
                send -> assertThat(send.request()).isInstanceOf(SendMembership.class));
    }

    @Test
    void restartNotFoundBeforeFireTime_recreatesOnlyTheDelayedLeave() {
        joinFully();
        answer(new NotFound());
        assertThat(request()).isEqualTo(new CreateDelayedLeave(8_000));

        answerDelayId("d2");
        assertThat(actions).noneMatch(Send.class::isInstance);
        advanceToWakeUp();
        assertThat(request()).isEqualTo(new RestartDelayedLeave("d2", 2_000));
    }

    @Test
    void restartNotFoundAfterFireTime_rejoinsFromScratch() {
        joinFully();
        now += 9_000;
        answer(new NotFound());

        assertThat(request()).isEqualTo(new CreateDelayedLeave(8_000));
        answerDelayId("d2");
        assertThat(request()).isEqualTo(new SendMembership(0, 14_400_000));
        answerOk();
        assertThat(actions).contains(new LifecycleAction.Joined());
    }

    @Test
    void rateLimit_waitsAsToldOrFiveSeconds() {
        joinFully();
        answer(new RateLimited(OptionalLong.of(1_500)));
        assertThat(wakeAt()).isEqualTo(now + 1_500);

        advanceToWakeUp();
        answer(new RateLimited(OptionalLong.empty()));
        assertThat(wakeAt()).isEqualTo(now + 5_000);
    }

    @Test
    void networkErrorsPastTheFireTime_reportProbablyLeftUntilARestartSucceeds() {
        joinFully();
        answerOk(); // restart at t0: the leave now fires at t0 + 8 s
        long fireAt = now + 8_000;
        advanceToWakeUp();
        now = fireAt;
        answer(new NetworkError());
        assertThat(actions).contains(new LifecycleAction.ProbablyLeft(true));
        assertThat(lifecycle.probablyLeft()).isTrue();

        advanceToWakeUp();
        assertThat(request()).isEqualTo(new RestartDelayedLeave("d1", 2_000));
        answerOk();
        assertThat(actions).contains(new LifecycleAction.ProbablyLeft(false));
    }

    @Test
    void localTimeout_isRetriedAtOnceWithTheTimeLeftAsTimeout() {
        joinFully();
        answerOk();
        advanceToWakeUp();
        now += 2_000; // one second before the leave would fire
        answer(new LocalTimeout());

        assertThat(request()).isEqualTo(new RestartDelayedLeave("d1", 1_000));
    }

    @Test
    void networkErrorsBeyondTheBudget_failTheMembership() {
        actions = lifecycle.join(now);
        answerDelayId("d1");
        for (int i = 0; i < 10; i++) {
            answer(new NetworkError());
            advanceToWakeUp();
        }
        answer(new NetworkError());

        assertThat(actions).anyMatch(LifecycleAction.Failed.class::isInstance);
        assertThat(lifecycle.phase()).isEqualTo(Phase.FAILED);
    }

    @Test
    void membership_isResentHourlyWithGrowingExpiry() {
        joinFully();
        long joinedAt = now;
        answerOk();
        for (int wakeUps = 0; wakeUps < 1_000; wakeUps++) {
            if (actions.stream().noneMatch(Send.class::isInstance)) {
                advanceToWakeUp();
            }
            if (request() instanceof SendMembership) {
                break;
            }
            answerOk();
        }

        assertThat(request()).isEqualTo(new SendMembership(1, 2 * 14_400_000L));
        assertThat(now).isEqualTo(joinedAt + HOUR - 5_000);
        answerOk();
        assertThat(request()).as("the restart due at the same time follows").isInstanceOf(RestartDelayedLeave.class);
    }

    @Test
    void leave_sendsTheDelayedLeaveNow() {
        joinFully();
        answerOk();
        actions = lifecycle.leave(now);
        assertThat(request()).isEqualTo(new SendDelayedLeaveNow("d1"));

        answerOk();
        assertThat(actions).contains(new LifecycleAction.Left());
        assertThat(lifecycle.phase()).isEqualTo(Phase.LEFT);
    }

    @Test
    void leave_fallsBackToAPlainLeaveWhenTheDelayedOneIsGone() {
        joinFully();
        answerOk();
        actions = lifecycle.leave(now);
        answer(new NotFound());

        assertThat(request()).isEqualTo(new SendLeave());
        answerOk();
        assertThat(actions).contains(new LifecycleAction.Left());
    }

    @Test
    void leave_waitsForTheRequestInFlight() {
        actions = lifecycle.join(now);
        Send create = pending();
        assertThat(lifecycle.leave(now)).isEmpty();

        actions = lifecycle.onResponse(create.requestId(), new Ok(Optional.of("d1")), now);
        assertThat(request()).isEqualTo(new SendDelayedLeaveNow("d1"));
    }

    @Test
    void ownMembershipVanishing_cancelsTheOldGuardAndRejoins() {
        joinFully();
        answerOk();
        lifecycle.onMembershipsChanged(true, now);
        actions = lifecycle.onMembershipsChanged(false, now);

        assertThat(request()).isIn(new CreateDelayedLeave(8_000), new CancelDelayedLeave("d1"));
        assertThat(lifecycle.phase()).isEqualTo(Phase.JOINING);
    }

    @Test
    void ownMembershipNotYetSeen_isNotTakenForARemoval() {
        joinFully();
        answerOk();

        assertThat(lifecycle.onMembershipsChanged(false, now)).noneMatch(Send.class::isInstance);
        assertThat(lifecycle.phase()).isEqualTo(Phase.JOINED);
    }

    @Test
    void staleResponses_areIgnored() {
        actions = lifecycle.join(now);
        long wrongId = pending().requestId() + 100;

        assertThat(lifecycle.onResponse(wrongId, Ok.empty(), now)).isEmpty();
        assertThat(lifecycle.phase()).isEqualTo(Phase.JOINING);
    }
}
