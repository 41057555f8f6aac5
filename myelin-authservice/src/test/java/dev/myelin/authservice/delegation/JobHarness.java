package dev.myelin.authservice.delegation;

import dev.myelin.authservice.delegation.JobAction.CallDelayedEvent;
import dev.myelin.authservice.delegation.JobAction.DelayedEventCall;
import dev.myelin.authservice.delegation.JobAction.LookUpParticipant;
import dev.myelin.authservice.delegation.JobAction.Timer;
import dev.myelin.authservice.delegation.JobAction.Wake;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Drives the pure job on a virtual clock: records what it asks for, fires its timers, answers its calls. */
final class JobHarness {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final DelayedLeaveJob job;
    Instant now = T0;
    final List<JobAction> all = new ArrayList<>();
    final List<Wake> timers = new ArrayList<>();
    final List<CallDelayedEvent> delayedCalls = new ArrayList<>();
    final List<LookUpParticipant> lookups = new ArrayList<>();
    /** (time, call) of every delayed-event call asked for, in order. */
    final List<String> callLog = new ArrayList<>();
    boolean finished;

    JobHarness(Duration delay, Duration sanity, long seed) {
        job = new DelayedLeaveJob(delay.toNanos(), sanity, new Random(seed));
        take(job.start(now));
    }

    JobHarness(Duration delay) {
        this(delay, Duration.ZERO, 42);
    }

    void on(JobEvent event) {
        take(job.on(event, now));
    }

    private void take(List<JobAction> actions) {
        for (JobAction action : actions) {
            all.add(action);
            switch (action) {
                case Wake wake -> {
                    timers.removeIf(t -> t.timer() == wake.timer());
                    timers.add(wake);
                }
                case CallDelayedEvent call -> {
                    delayedCalls.add(call);
                    callLog.add(Duration.between(T0, now).toMillis() + "ms " + call.call().path());
                }
                case LookUpParticipant lookup -> lookups.add(lookup);
                case JobAction.Restarted ignored -> {
                }
                case JobAction.Finish ignored -> finished = true;
            }
        }
    }

    Optional<Wake> timer(Timer kind) {
        return timers.stream().filter(t -> t.timer() == kind).findFirst();
    }

    /** Advances to the earliest pending timer and fires it. */
    Wake fireNext() {
        Wake next = timers.stream().min(Comparator.comparing(Wake::at)).orElseThrow();
        timers.remove(next);
        if (next.at().isAfter(now)) {
            now = next.at();
        }
        on(new JobEvent.TimerFired(next.timer(), next.token()));
        return next;
    }

    void fire(Timer kind) {
        Wake wake = timer(kind).orElseThrow(() -> new AssertionError("no " + kind + " timer"));
        timers.remove(wake);
        if (wake.at().isAfter(now)) {
            now = wake.at();
        }
        on(new JobEvent.TimerFired(wake.timer(), wake.token()));
    }

    CallDelayedEvent lastCall() {
        return delayedCalls.getLast();
    }

    void answerLast(DelayedEventOutcome outcome) {
        on(new JobEvent.DelayedEventAnswered(lastCall().token(), outcome));
    }

    void answerLookup(LookupOutcome outcome) {
        on(new JobEvent.ParticipantLookedUp(lookups.getLast().token(), outcome));
    }

    long calls(DelayedEventCall kind) {
        return delayedCalls.stream().filter(c -> c.call() == kind).count();
    }

    void advance(Duration d) {
        now = now.plus(d);
    }
}
