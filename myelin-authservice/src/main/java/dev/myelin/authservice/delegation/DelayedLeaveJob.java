package dev.myelin.authservice.delegation;

import dev.myelin.authservice.delegation.JobAction.CallDelayedEvent;
import dev.myelin.authservice.delegation.JobAction.DelayedEventCall;
import dev.myelin.authservice.delegation.JobAction.Finish;
import dev.myelin.authservice.delegation.JobAction.LookUpParticipant;
import dev.myelin.authservice.delegation.JobAction.Timer;
import dev.myelin.authservice.delegation.JobAction.Wake;
import dev.myelin.authservice.delegation.JobEvent.DelayedEventAnswered;
import dev.myelin.authservice.delegation.JobEvent.ParticipantJoined;
import dev.myelin.authservice.delegation.JobEvent.ParticipantLeft;
import dev.myelin.authservice.delegation.JobEvent.ParticipantLookedUp;
import dev.myelin.authservice.delegation.JobEvent.Replaced;
import dev.myelin.authservice.delegation.JobEvent.TimerFired;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One delegated delayed leave event, as upstream's {@code DelayedEventJob}: wait for the participant to connect
 * (webhook or GetParticipant polling), keep the homeserver's delayed event alive while connected (restart now, then
 * every 80 % of the delay), and send it once the participant is gone. Pure: events and the time in, actions out. Every
 * timer and call carries a token; an answer whose token is no longer awaited is stale and changes nothing, which is how
 * late restarts, lookups and timers after a state change stay harmless.
 */
public final class DelayedLeaveJob {
    /** Upstream's states; {@code WAITING} is its {@code WaitingForInitialConnect}. */
    public enum State { WAITING, CONNECTED, DISCONNECTED, ABORTED, REPLACED }

    static final Duration MAX_WAIT = Duration.ofHours(1);
    static final Duration MIN_SEND_BUDGET = Duration.ofSeconds(1);
    static final Duration MAX_SEND_BUDGET = Duration.ofHours(1);
    private static final long NONE = -1;

    private final Duration delay;
    private final Duration waiting;
    private final Duration restartEvery;
    private final Duration sanityInterval;
    private final RandomGenerator random;

    private State state = State.WAITING;
    private boolean finished;
    /** By when the homeserver sends the event itself; unset until connected (upstream's zero time). */
    private Optional<Instant> deadline = Optional.empty();
    private long lastToken;
    private long waitingToken = NONE;
    private long restartToken = NONE;
    private long sendToken = NONE;
    private long lookupToken = NONE;
    private RetrySchedule restartRetries;
    private RetrySchedule sendRetries;
    private RetrySchedule lookupRetries;
    private boolean restartFirstAttempt;
    private boolean sendFirstAttempt;
    private boolean sanityPhase;
    private Instant nextSanityTick;

    /**
     * @param delayTimeoutNs positive, as {@link JobParams} guarantees
     * @param sanityInterval zero disables the periodic presence check once connected
     */
    public DelayedLeaveJob(long delayTimeoutNs, Duration sanityInterval, RandomGenerator random) {
        if (delayTimeoutNs <= 0) {
            throw new IllegalArgumentException("delay must be positive");
        }
        this.delay = Duration.ofNanos(delayTimeoutNs);
        this.waiting = delay.compareTo(MAX_WAIT) < 0 ? delay : MAX_WAIT;
        // Go's Duration arithmetic: DelayTimeout * 8 / 10 in int64 (wraps only for delays of decades).
        this.restartEvery = Duration.ofNanos(delayTimeoutNs * 8 / 10);
        this.sanityInterval = sanityInterval;
        this.random = random;
    }

    public State state() {
        return state;
    }

    public boolean finished() {
        return finished;
    }

    /** The job begins: arm the waiting timer and start looking the participant up. */
    public List<JobAction> start(Instant now) {
        var actions = new ArrayList<JobAction>();
        waitingToken = ++lastToken;
        actions.add(new Wake(Timer.WAITING, waitingToken, now.plus(waiting)));
        lookupRetries = new RetrySchedule(new ExponentialBackoff(random), now, waiting);
        lookupToken = ++lastToken;
        actions.add(new LookUpParticipant(lookupToken));
        return actions;
    }

    public List<JobAction> on(JobEvent event, Instant now) {
        var actions = new ArrayList<JobAction>();
        if (finished) {
            return actions;
        }
        switch (event) {
            case ParticipantJoined ignored -> {
                if (state == State.WAITING) {
                    connect(now, actions);
                }
            }
            case ParticipantLeft left -> participantLeft(left.intentional(), now, actions);
            case Replaced ignored -> {
                state = State.REPLACED;
                finish(actions);
            }
            case TimerFired fired -> timerFired(fired, now, actions);
            case DelayedEventAnswered answer -> {
                if (answer.token() == restartToken) {
                    restartAnswered(answer.outcome(), now, actions);
                } else if (answer.token() == sendToken) {
                    sendAnswered(answer.outcome(), now, actions);
                }
            }
            case ParticipantLookedUp lookedUp -> {
                if (lookedUp.token() == lookupToken) {
                    lookedUp(lookedUp.outcome(), now, actions);
                }
            }
        }
        return actions;
    }

    private void participantLeft(boolean intentional, Instant now, List<JobAction> actions) {
        if (state == State.CONNECTED) {
            disconnect(now, actions);
        } else if (state == State.WAITING && !intentional) {
            // A connection that never came up: nothing to keep alive and nothing to send (upstream aborts).
            abort(actions);
        }
    }

    private void timerFired(TimerFired fired, Instant now, List<JobAction> actions) {
        switch (fired.timer()) {
            case WAITING -> {
                if (fired.token() == waitingToken) {
                    disconnect(now, actions);
                }
            }
            case RESTART_DUE -> {
                if (fired.token() == restartToken) {
                    startRestart(now, actions);
                }
            }
            case RESTART_RETRY -> {
                if (fired.token() == restartToken) {
                    restartToken = ++lastToken;
                    actions.add(new CallDelayedEvent(restartToken, DelayedEventCall.RESTART, false));
                }
            }
            case SEND_RETRY -> {
                if (fired.token() == sendToken) {
                    sendToken = ++lastToken;
                    actions.add(new CallDelayedEvent(sendToken, DelayedEventCall.SEND, false));
                }
            }
            case LOOKUP -> {
                if (fired.token() == lookupToken) {
                    lookupToken = ++lastToken;
                    actions.add(new LookUpParticipant(lookupToken));
                }
            }
        }
    }

    private void connect(Instant now, List<JobAction> actions) {
        waitingToken = NONE;
        state = State.CONNECTED;
        deadline = Optional.of(now.plus(delay));
        // Restart at once: nobody knows how long ago the client scheduled the event.
        startRestart(now, actions);
    }

    private void startRestart(Instant now, List<JobAction> actions) {
        Duration remaining = Duration.between(now, deadline.orElseThrow());
        if (!remaining.isPositive()) {
            abort(actions);
            return;
        }
        restartRetries = new RetrySchedule(new ExponentialBackoff(random), now, remaining);
        restartToken = ++lastToken;
        restartFirstAttempt = true;
        actions.add(new CallDelayedEvent(restartToken, DelayedEventCall.RESTART, true));
    }

    private void restartAnswered(DelayedEventOutcome outcome, Instant now, List<JobAction> actions) {
        boolean first = restartFirstAttempt;
        restartFirstAttempt = false;
        switch (outcome) {
            case DelayedEventOutcome.Accepted ignored -> {
                deadline = Optional.of(now.plus(delay));
                actions.add(new JobAction.Restarted(now));
                restartToken = ++lastToken;
                Instant due = restartEvery.isNegative() ? now : now.plus(restartEvery);
                actions.add(new Wake(Timer.RESTART_DUE, restartToken, due));
            }
            // The event is gone, so nothing is left to keep alive or send.
            case DelayedEventOutcome.NotFound ignored -> abort(actions);
            case DelayedEventOutcome.ClientApiUnresolved ignored when first -> abort(actions);
            default -> {
                // Restarts failing until the deadline: the homeserver sends the event itself, so the job ends.
                Optional<Instant> retryAt = restartRetries.afterFailure(now, retryAfter(outcome));
                if (retryAt.isEmpty()) {
                    abort(actions);
                } else {
                    restartToken = ++lastToken;
                    actions.add(new Wake(Timer.RESTART_RETRY, restartToken, retryAt.get()));
                }
            }
        }
    }

    private void disconnect(Instant now, List<JobAction> actions) {
        waitingToken = NONE;
        restartToken = NONE;
        state = State.DISCONNECTED;
        // At least a second, so a deadline already past (or never set) still gets a real attempt; at most the
        // sticky-event lifetime, after which the membership has expired anyway.
        Duration budget = deadline.map(d -> Duration.between(now, d)).orElse(Duration.ZERO);
        if (budget.compareTo(MIN_SEND_BUDGET) < 0) {
            budget = MIN_SEND_BUDGET;
        }
        if (budget.compareTo(MAX_SEND_BUDGET) > 0) {
            budget = MAX_SEND_BUDGET;
        }
        sendRetries = new RetrySchedule(new ExponentialBackoff(random), now, budget);
        sendToken = ++lastToken;
        sendFirstAttempt = true;
        actions.add(new CallDelayedEvent(sendToken, DelayedEventCall.SEND, true));
    }

    private void sendAnswered(DelayedEventOutcome outcome, Instant now, List<JobAction> actions) {
        boolean first = sendFirstAttempt;
        sendFirstAttempt = false;
        switch (outcome) {
            case DelayedEventOutcome.Accepted ignored -> finish(actions);
            case DelayedEventOutcome.NotFound ignored -> finish(actions);
            case DelayedEventOutcome.ClientApiUnresolved ignored when first -> finish(actions);
            default -> {
                Optional<Instant> retryAt = sendRetries.afterFailure(now, retryAfter(outcome));
                if (retryAt.isEmpty()) {
                    finish(actions);
                } else {
                    sendToken = ++lastToken;
                    actions.add(new Wake(Timer.SEND_RETRY, sendToken, retryAt.get()));
                }
            }
        }
    }

    private void lookedUp(LookupOutcome outcome, Instant now, List<JobAction> actions) {
        if (sanityPhase) {
            sanityChecked(outcome, now, actions);
            return;
        }
        if (outcome == LookupOutcome.PRESENT) {
            if (sanityInterval.isPositive()) {
                sanityPhase = true;
                nextSanityTick = now.plus(sanityInterval);
                lookupToken = ++lastToken;
                actions.add(new Wake(Timer.LOOKUP, lookupToken, nextSanityTick));
            } else {
                lookupToken = NONE;
            }
            if (state == State.WAITING) {
                connect(now, actions);
            }
            return;
        }
        Optional<Instant> retryAt = lookupRetries.afterFailure(now, Optional.empty());
        if (retryAt.isEmpty()) {
            lookupToken = NONE; // the waiting timer decides what happens next
        } else {
            lookupToken = ++lastToken;
            actions.add(new Wake(Timer.LOOKUP, lookupToken, retryAt.get()));
        }
    }

    /** Periodic check once found: only a confirmed absence counts (a missed disconnect webhook). */
    private void sanityChecked(LookupOutcome outcome, Instant now, List<JobAction> actions) {
        if (outcome == LookupOutcome.ABSENT) {
            lookupToken = NONE;
            if (state == State.CONNECTED) {
                disconnect(now, actions);
            }
            return;
        }
        // A ticker: the next tick is a fixed interval after the last; one that is already due fires at once.
        nextSanityTick = nextSanityTick.plus(sanityInterval);
        if (nextSanityTick.isBefore(now)) {
            nextSanityTick = now;
        }
        lookupToken = ++lastToken;
        actions.add(new Wake(Timer.LOOKUP, lookupToken, nextSanityTick));
    }

    private void abort(List<JobAction> actions) {
        state = State.ABORTED;
        finish(actions);
    }

    private void finish(List<JobAction> actions) {
        finished = true;
        waitingToken = NONE;
        restartToken = NONE;
        sendToken = NONE;
        lookupToken = NONE;
        actions.add(new Finish());
    }

    private static Optional<Duration> retryAfter(DelayedEventOutcome outcome) {
        return outcome instanceof DelayedEventOutcome.RetryAfter hint ? Optional.of(hint.delay()) : Optional.empty();
    }
}
