package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The I/O shell and the job map on a virtual clock, with calls completing exactly when each test says. */
class DelegationManagerTest {
    private static final JobKey ALICE = new JobKey("room", "alice");
    private static final JobKey BOB = new JobKey("room", "bob");

    private final VirtualTime time = new VirtualTime();
    private final ScriptedCalls calls = new ScriptedCalls(time);
    private final DelegationManager manager =
            new DelegationManager(time, time, calls, time, Duration.ZERO, () -> new Random(11));

    private void register(String delayId, JobKey key, long delayMillis) {
        manager.register(JobParams.of("hs.example", delayId, delayMillis, key));
    }

    @Test
    void connectedJob_restartsOnTheVirtualClockUntilTheParticipantLeaves() {
        register("syd_1", ALICE, 8000);
        time.runCalls(); // the first presence lookup: absent

        manager.deliver(ALICE, new JobEvent.ParticipantJoined());
        time.runCalls();
        time.advance(Duration.ofSeconds(13));
        manager.deliver(ALICE, new JobEvent.ParticipantLeft(true));
        time.runCalls();

        assertThat(calls.delayedEventCalls())
                .containsExactly("0ms syd_1 restart", "6400ms syd_1 restart", "12800ms syd_1 restart",
                        "13000ms syd_1 send");
        assertThat(manager.watching(ALICE)).isFalse();
        assertThat(time.liveTimers()).isZero();
    }

    @Test
    void replacementWhileTheOldRestartIsInFlight_oldAnswerTriggersNothing() {
        register("syd_old", ALICE, 8000);
        time.runCalls();
        manager.deliver(ALICE, new JobEvent.ParticipantJoined());
        assertThat(time.pendingCalls()).isEqualTo(1); // the old job's restart, not answered yet

        register("syd_new", ALICE, 8000);
        time.runCalls(); // the old restart answers now, then the new job's lookup
        time.advance(Duration.ofMinutes(5));

        assertThat(calls.delayedEventCalls()).containsExactly("0ms syd_old restart", "8000ms syd_new send");
        assertThat(manager.size()).isZero();
    }

    @Test
    void oldJobFinishingAfterReplacement_leavesTheNewJobWatched() {
        register("syd_old", ALICE, 8000);
        time.runCalls();
        manager.deliver(ALICE, new JobEvent.ParticipantJoined());
        time.runCalls();
        manager.deliver(ALICE, new JobEvent.ParticipantLeft(true)); // old job's send now in flight

        register("syd_new", ALICE, 8000);
        time.runCalls();

        assertThat(manager.watching(ALICE)).isTrue();
        manager.deliver(ALICE, new JobEvent.ParticipantJoined());
        time.runCalls();
        assertThat(calls.delayedEventCalls()).containsExactly("0ms syd_old restart", "0ms syd_old send",
                "0ms syd_new restart");
    }

    @Test
    void leaveArrivingWhileARestartIsInFlight_sendsOnceAndNeverRestartsAgain() {
        register("syd_1", ALICE, 8000);
        time.runCalls();
        manager.deliver(ALICE, new JobEvent.ParticipantJoined());

        manager.deliver(ALICE, new JobEvent.ParticipantLeft(true));
        time.runCalls(); // restart answer (stale) and send, in that order
        time.advance(Duration.ofMinutes(1));

        assertThat(calls.delayedEventCalls()).containsExactly("0ms syd_1 restart", "0ms syd_1 send");
        assertThat(manager.watching(ALICE)).isFalse();
    }

    @Test
    void webhooks_reachOnlyTheirOwnJob() {
        register("syd_alice", ALICE, 8000);
        register("syd_bob", BOB, 8000);
        time.runCalls();

        manager.deliver(ALICE, new JobEvent.ParticipantJoined());
        manager.deliver(BOB, new JobEvent.ParticipantJoined());
        time.runCalls();
        manager.deliver(ALICE, new JobEvent.ParticipantLeft(true));
        time.runCalls();

        assertThat(calls.delayedEventCalls()).containsExactly("0ms syd_alice restart", "0ms syd_bob restart",
                "0ms syd_alice send");
        assertThat(manager.watching(BOB)).isTrue();
        manager.deliver(new JobKey("elsewhere", "alice"), new JobEvent.ParticipantLeft(true));
        time.runCalls();
        assertThat(calls.delayedEventCalls()).hasSize(3);
    }

    @Test
    void participantFoundByPolling_connectsWithoutAWebhook() {
        register("syd_1", ALICE, 8000);
        time.runCalls(); // absent at first
        calls.present.add(ALICE);

        time.advance(Duration.ofSeconds(2));

        assertThat(calls.delayedEventCalls()).hasSize(1).allMatch(call -> call.endsWith("syd_1 restart"));
    }

    @Test
    void failingSends_retryWithinTheOneSecondFloorThenGiveUp() {
        calls.answer = new DelayedEventOutcome.Transient("HTTP 503");
        register("syd_1", ALICE, 300);
        time.runCalls();

        time.advance(Duration.ofMinutes(1));

        assertThat(calls.delayedEventCalls()).first().isEqualTo("300ms syd_1 send");
        assertThat(calls.delayedEventCalls()).allMatch(call -> call.endsWith("send"));
        assertThat(manager.watching(ALICE)).isFalse();
    }

    @Test
    void close_stopsEveryJobAndRefusesNewOnes() {
        register("syd_1", ALICE, 8000);
        time.runCalls();
        manager.deliver(ALICE, new JobEvent.ParticipantJoined());

        manager.close();
        time.runCalls();
        time.advance(Duration.ofHours(2));

        assertThat(calls.delayedEventCalls()).containsExactly("0ms syd_1 restart");
        assertThat(time.liveTimers()).isZero();
        assertThatThrownBy(() -> register("syd_2", BOB, 8000))
                .isInstanceOf(DelegationManager.ShuttingDownException.class)
                .hasMessage("Service is shutting down");
    }

    @Test
    void callThrowing_countsAsATransientFailure() {
        var throwing = new DelegationManager(time, time, new DelegationCalls() {
            @Override
            public DelayedEventOutcome delayedEvent(String s, String d, JobAction.DelayedEventCall c) {
                throw new IllegalStateException("boom");
            }

            @Override
            public LookupOutcome lookUpParticipant(String room, String identity) {
                throw new IllegalStateException("boom");
            }
        }, time, Duration.ZERO, () -> new Random(3));
        throwing.register(JobParams.of("hs", "syd_1", 1000, ALICE));

        time.runCalls();
        time.advance(Duration.ofMinutes(1));

        assertThat(throwing.watching(ALICE)).isFalse();
    }
}
