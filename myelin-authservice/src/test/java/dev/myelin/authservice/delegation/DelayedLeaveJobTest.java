package dev.myelin.authservice.delegation;

import static dev.myelin.authservice.delegation.JobHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.authservice.delegation.DelayedLeaveJob.State;
import dev.myelin.authservice.delegation.JobAction.DelayedEventCall;
import dev.myelin.authservice.delegation.JobAction.Timer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayedLeaveJobTest {
    private static final Duration DELAY = Duration.ofSeconds(8);
    private static final DelayedEventOutcome OK = new DelayedEventOutcome.Accepted();
    private static final DelayedEventOutcome GONE = new DelayedEventOutcome.NotFound();
    private static final DelayedEventOutcome FLAKY = new DelayedEventOutcome.Transient("HTTP 502");

    @Test
    void start_armsTheWaitingTimerAtTheDelayAndLooksTheParticipantUp() {
        var h = new JobHarness(DELAY);

        assertThat(h.job.state()).isEqualTo(State.WAITING);
        assertThat(h.timer(Timer.WAITING).orElseThrow().at()).isEqualTo(T0.plus(DELAY));
        assertThat(h.lookups).hasSize(1);
        assertThat(h.delayedCalls).isEmpty();
    }

    @Test
    void start_longDelay_waitsAtMostOneHour() {
        var h = new JobHarness(Duration.ofHours(3));

        assertThat(h.timer(Timer.WAITING).orElseThrow().at()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void neverConnecting_sendsTheLeaveWhenTheWaitEnds() {
        var h = new JobHarness(DELAY);

        h.fire(Timer.WAITING);

        assertThat(h.job.state()).isEqualTo(State.DISCONNECTED);
        assertThat(h.lastCall().call()).isEqualTo(DelayedEventCall.SEND);
        h.answerLast(OK);
        assertThat(h.finished).isTrue();
    }

    @Test
    void joined_restartsAtOnceThenEveryEightyPercentOfTheDelay() {
        var h = new JobHarness(DELAY);

        h.on(new JobEvent.ParticipantJoined());
        assertThat(h.job.state()).isEqualTo(State.CONNECTED);
        assertThat(h.lastCall().call()).isEqualTo(DelayedEventCall.RESTART);
        h.answerLast(OK);
        assertThat(h.timer(Timer.RESTART_DUE).orElseThrow().at()).isEqualTo(T0.plus(Duration.ofMillis(6400)));
        h.fire(Timer.RESTART_DUE);
        h.answerLast(OK);
        h.fire(Timer.RESTART_DUE);

        assertThat(h.callLog).containsExactly("0ms restart", "6400ms restart", "12800ms restart");
    }

    @Test
    void connected_waitingTimerFiringLate_isIgnored() {
        var h = new JobHarness(DELAY);
        var waiting = h.timer(Timer.WAITING).orElseThrow();
        h.on(new JobEvent.ParticipantJoined());

        h.now = waiting.at();
        h.on(new JobEvent.TimerFired(Timer.WAITING, waiting.token()));

        assertThat(h.job.state()).isEqualTo(State.CONNECTED);
        assertThat(h.calls(DelayedEventCall.SEND)).isZero();
    }

    @Test
    void leftIntentionally_whileConnected_sendsTheLeaveAndFinishes() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());
        h.answerLast(OK);

        h.on(new JobEvent.ParticipantLeft(true));

        assertThat(h.job.state()).isEqualTo(State.DISCONNECTED);
        assertThat(h.lastCall().call()).isEqualTo(DelayedEventCall.SEND);
        assertThat(h.lastCall().firstAttempt()).isTrue();
        assertThat(h.finished).isFalse();
        h.answerLast(GONE); // already sent or cancelled counts as done
        assertThat(h.finished).isTrue();
    }

    @Test
    void connectionAborted_whileConnected_alsoSends() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());

        h.on(new JobEvent.ParticipantLeft(false));

        assertThat(h.lastCall().call()).isEqualTo(DelayedEventCall.SEND);
    }

    @Test
    void connectionAborted_beforeConnecting_abortsWithoutSending() {
        var h = new JobHarness(DELAY);

        h.on(new JobEvent.ParticipantLeft(false));

        assertThat(h.job.state()).isEqualTo(State.ABORTED);
        assertThat(h.finished).isTrue();
        assertThat(h.delayedCalls).isEmpty();
    }

    @Test
    void leftIntentionally_beforeConnecting_isIgnoredAsUpstream() {
        var h = new JobHarness(DELAY);

        h.on(new JobEvent.ParticipantLeft(true));

        assertThat(h.job.state()).isEqualTo(State.WAITING);
        assertThat(h.finished).isFalse();
    }

    @Test
    void restartNotFound_abortsWithoutSending() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());

        h.answerLast(GONE);

        assertThat(h.job.state()).isEqualTo(State.ABORTED);
        assertThat(h.finished).isTrue();
        assertThat(h.calls(DelayedEventCall.SEND)).isZero();
    }

    @Test
    void restartFailingUntilTheDeadline_abortsWithoutSending() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());

        while (!h.finished) {
            h.answerLast(FLAKY);
            if (!h.finished) {
                assertThat(h.timer(Timer.RESTART_RETRY).orElseThrow().at()).isBeforeOrEqualTo(T0.plus(DELAY));
                h.fire(Timer.RESTART_RETRY);
            }
        }

        assertThat(h.job.state()).isEqualTo(State.ABORTED);
        assertThat(h.calls(DelayedEventCall.RESTART)).isGreaterThan(2);
        assertThat(h.calls(DelayedEventCall.SEND)).isZero();
    }

    @Test
    void clientApiUnresolvedOnTheFirstRestart_aborts() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());

        h.answerLast(new DelayedEventOutcome.ClientApiUnresolved());

        assertThat(h.job.state()).isEqualTo(State.ABORTED);
    }

    @Test
    void clientApiUnresolvedOnTheFirstSend_givesUp() {
        var h = new JobHarness(DELAY);
        h.fire(Timer.WAITING);

        h.answerLast(new DelayedEventOutcome.ClientApiUnresolved());

        assertThat(h.finished).isTrue();
        assertThat(h.calls(DelayedEventCall.SEND)).isEqualTo(1);
    }

    @Test
    void rateLimitedRestart_retriesExactlyAfterTheHint() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());

        h.answerLast(new DelayedEventOutcome.RetryAfter(Duration.ofSeconds(3)));

        assertThat(h.timer(Timer.RESTART_RETRY).orElseThrow().at()).isEqualTo(T0.plusSeconds(3));
        h.fire(Timer.RESTART_RETRY);
        assertThat(h.lastCall().firstAttempt()).isFalse();
        h.answerLast(OK);
        assertThat(h.timer(Timer.RESTART_DUE).orElseThrow().at()).isEqualTo(T0.plusSeconds(3).plusMillis(6400));
    }

    @Test
    void rateLimitHintBeyondTheDeadline_endsTheLoop() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());

        h.answerLast(new DelayedEventOutcome.RetryAfter(Duration.ofSeconds(9)));

        assertThat(h.job.state()).isEqualTo(State.ABORTED);
    }

    @Test
    void restartAnswerArrivingAfterTheDisconnect_isStale() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());
        var restart = h.lastCall();
        h.on(new JobEvent.ParticipantLeft(true));

        h.on(new JobEvent.DelayedEventAnswered(restart.token(), OK));

        assertThat(h.timer(Timer.RESTART_DUE)).isEmpty();
        assertThat(h.job.state()).isEqualTo(State.DISCONNECTED);
        h.on(new JobEvent.DelayedEventAnswered(restart.token(), GONE));
        assertThat(h.finished).isFalse();
    }

    @Test
    void sendBudget_isWhatIsLeftOfTheDeadline() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());
        h.answerLast(OK); // deadline T0 + 8 s
        h.advance(Duration.ofSeconds(2));
        h.on(new JobEvent.ParticipantLeft(true));

        while (!h.finished) {
            h.answerLast(FLAKY);
            if (!h.finished) {
                assertThat(h.timer(Timer.SEND_RETRY).orElseThrow().at()).isBeforeOrEqualTo(T0.plusSeconds(8));
                h.fire(Timer.SEND_RETRY);
            }
        }
        assertThat(h.calls(DelayedEventCall.SEND)).isGreaterThan(1);
        assertThat(h.now).isBeforeOrEqualTo(T0.plusSeconds(8));
    }

    @Test
    void sendBudget_withTheDeadlinePassed_isStillOneSecond() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());
        h.answerLast(OK);
        h.advance(Duration.ofSeconds(30));
        h.on(new JobEvent.ParticipantLeft(true));

        h.answerLast(FLAKY);
        // the first back-off is 0.5–1.5 s: a retry fits within the one-second budget only when it is at most 1 s
        if (!h.finished) {
            assertThat(h.timer(Timer.SEND_RETRY).orElseThrow().at()).isBeforeOrEqualTo(h.now.plusSeconds(1));
        }
    }

    @Test
    void lookupFindingTheParticipant_connectsWithoutAWebhook() {
        var h = new JobHarness(DELAY);

        h.answerLookup(LookupOutcome.PRESENT);

        assertThat(h.job.state()).isEqualTo(State.CONNECTED);
        assertThat(h.lastCall().call()).isEqualTo(DelayedEventCall.RESTART);
        assertThat(h.timer(Timer.LOOKUP)).isEmpty(); // no sanity checks configured
    }

    @Test
    void lookupNotFindingTheParticipant_pollsWithBackoffUntilTheWaitEnds() {
        var h = new JobHarness(DELAY);
        h.answerLookup(LookupOutcome.ABSENT);
        while (h.timer(Timer.LOOKUP).isPresent()) {
            assertThat(h.timer(Timer.LOOKUP).orElseThrow().at()).isBeforeOrEqualTo(T0.plus(DELAY));
            h.fire(Timer.LOOKUP);
            h.answerLookup(h.lookups.size() % 2 == 0 ? LookupOutcome.FAILED : LookupOutcome.ABSENT);
        }

        // waits of about 1, 1.5, 2.25, 3.4 s: three to five polls fit in 8 s
        assertThat(h.lookups.size()).isBetween(3, 6);
        assertThat(h.job.state()).isEqualTo(State.WAITING);
        h.fire(Timer.WAITING);
        assertThat(h.job.state()).isEqualTo(State.DISCONNECTED);
    }

    @Test
    void sanityCheck_confirmingAbsence_disconnectsAndSends() {
        var h = new JobHarness(DELAY, Duration.ofSeconds(30), 7);
        h.on(new JobEvent.ParticipantJoined());
        h.answerLast(OK);
        h.answerLookup(LookupOutcome.PRESENT);
        assertThat(h.timer(Timer.LOOKUP).orElseThrow().at()).isEqualTo(T0.plusSeconds(30));

        h.fire(Timer.LOOKUP);
        h.answerLookup(LookupOutcome.FAILED); // transport errors are ignored
        assertThat(h.timer(Timer.LOOKUP).orElseThrow().at()).isEqualTo(T0.plusSeconds(60));
        h.fire(Timer.LOOKUP);
        h.answerLookup(LookupOutcome.ABSENT);

        assertThat(h.job.state()).isEqualTo(State.DISCONNECTED);
        assertThat(h.lastCall().call()).isEqualTo(DelayedEventCall.SEND);
        assertThat(h.timer(Timer.LOOKUP)).isEmpty();
    }

    @Test
    void replaced_finishesWithoutAnyCallAndIgnoresEverythingAfter() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());
        var restart = h.lastCall();

        h.on(new JobEvent.Replaced());
        h.on(new JobEvent.DelayedEventAnswered(restart.token(), OK));
        h.on(new JobEvent.ParticipantLeft(true));

        assertThat(h.job.state()).isEqualTo(State.REPLACED);
        assertThat(h.finished).isTrue();
        assertThat(h.calls(DelayedEventCall.SEND)).isZero();
        assertThat(h.timer(Timer.RESTART_DUE)).isEmpty();
    }

    @Test
    void duplicateJoin_whileConnected_changesNothing() {
        var h = new JobHarness(DELAY);
        h.on(new JobEvent.ParticipantJoined());
        int before = h.all.size();

        h.on(new JobEvent.ParticipantJoined());
        h.answerLookup(LookupOutcome.PRESENT);

        assertThat(h.all).hasSize(before);
        assertThat(h.calls(DelayedEventCall.RESTART)).isEqualTo(1);
    }

    @Test
    void nonPositiveDelay_isRefused() {
        assertThatThrownBy(() -> new DelayedLeaveJob(0, Duration.ZERO, new java.util.Random(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
