package dev.myelin.authservice.delegation;

import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The thin I/O shell around one {@link DelayedLeaveJob}: a mailbox drained by one thread at a time (whichever posted
 * into an idle mailbox), timers on the {@link Scheduler}, calls on the executor (virtual threads), answers posted back
 * as events. The job itself never blocks and is only touched while draining.
 */
final class JobDriver {
    private static final System.Logger LOG = System.getLogger(JobDriver.class.getName());

    private final JobParams params;
    private final DelayedLeaveJob job;
    private final Scheduler scheduler;
    private final Executor calls;
    private final DelegationCalls outbound;
    private final InstantSource clock;
    private final Consumer<JobDriver> onFinish;
    private final java.util.function.BiConsumer<JobDriver, java.time.Instant> onRestart;

    private final ArrayDeque<Object> mailbox = new ArrayDeque<>();
    private final Map<JobAction.Timer, Scheduler.Cancellable> timers = new EnumMap<>(JobAction.Timer.class);
    private boolean draining;
    private boolean stopped;

    /** Marks the start in the mailbox, so it is handled in order like any event. */
    private static final Object START = new Object();

    JobDriver(JobParams params, DelayedLeaveJob job, Scheduler scheduler, Executor calls, DelegationCalls outbound,
              InstantSource clock, Consumer<JobDriver> onFinish,
              java.util.function.BiConsumer<JobDriver, java.time.Instant> onRestart) {
        this.params = params;
        this.job = job;
        this.scheduler = scheduler;
        this.calls = calls;
        this.outbound = outbound;
        this.clock = clock;
        this.onFinish = onFinish;
        this.onRestart = onRestart;
    }

    JobParams params() {
        return params;
    }

    void start() {
        post(START);
    }

    void post(JobEvent event) {
        post((Object) event);
    }

    /** Stops without any further call (service shutdown): timers cancelled, answers in flight ignored. */
    void stop() {
        synchronized (this) {
            stopped = true;
            mailbox.clear();
            timers.values().forEach(Scheduler.Cancellable::cancel);
            timers.clear();
        }
    }

    synchronized boolean stopped() {
        return stopped;
    }

    private void post(Object item) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            mailbox.add(item);
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Object next;
            synchronized (this) {
                next = mailbox.poll();
                if (next == null || stopped) {
                    draining = false;
                    return;
                }
            }
            List<JobAction> actions = next == START
                    ? job.start(clock.instant())
                    : job.on((JobEvent) next, clock.instant());
            actions.forEach(this::perform);
        }
    }

    private void perform(JobAction action) {
        switch (action) {
            case JobAction.Wake wake -> {
                Scheduler.Cancellable timer = scheduler.schedule(wake.at(),
                        () -> post(new JobEvent.TimerFired(wake.timer(), wake.token())));
                Scheduler.Cancellable previous;
                synchronized (this) {
                    previous = timers.put(wake.timer(), timer);
                }
                if (previous != null) {
                    previous.cancel(); // stale by now: the job awaits only the newest token of each kind
                }
            }
            case JobAction.CallDelayedEvent call -> calls.execute(() -> post(new JobEvent.DelayedEventAnswered(
                    call.token(), delayedEvent(call))));
            case JobAction.LookUpParticipant lookup -> calls.execute(() -> post(new JobEvent.ParticipantLookedUp(
                    lookup.token(), lookUp())));
            case JobAction.Restarted restarted -> onRestart.accept(this, restarted.at());
            case JobAction.Finish ignored -> {
                LOG.log(Level.INFO, "delegated leave {0} for {1} ended in state {2}", params.delayId(),
                        params.key().identity(), job.state());
                stop();
                onFinish.accept(this);
            }
        }
    }

    private DelayedEventOutcome delayedEvent(JobAction.CallDelayedEvent call) {
        DelayedEventOutcome outcome;
        try {
            outcome = outbound.delayedEvent(params.serverName(), params.delayId(), call.call());
        } catch (RuntimeException e) {
            outcome = new DelayedEventOutcome.Transient(e.toString());
        }
        if (outcome instanceof DelayedEventOutcome.ClientApiUnresolved && !call.firstAttempt()) {
            // Upstream resolved the URL once before the loop; a later attempt only retries the call.
            return new DelayedEventOutcome.Transient("client-server API not resolvable now");
        }
        return outcome;
    }

    private LookupOutcome lookUp() {
        try {
            return outbound.lookUpParticipant(params.key().room(), params.key().identity());
        } catch (RuntimeException e) {
            return LookupOutcome.FAILED;
        }
    }
}
