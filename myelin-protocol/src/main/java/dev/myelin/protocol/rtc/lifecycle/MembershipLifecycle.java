package dev.myelin.protocol.rtc.lifecycle;

import dev.myelin.protocol.rtc.lifecycle.LifecycleAction.Send;
import dev.myelin.protocol.rtc.lifecycle.LifecycleAction.WakeAt;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.CancelDelayedLeave;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.CreateDelayedLeave;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.RestartDelayedLeave;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.SendDelayedLeaveNow;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.SendLeave;
import dev.myelin.protocol.rtc.lifecycle.LifecycleRequest.SendMembership;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.LocalTimeout;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.MaxDelayExceeded;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.NetworkError;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.NotFound;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.Ok;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome.RateLimited;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The own-membership lifecycle of one device in one slot, as a pure state machine: a delayed leave first, then the
 * membership, then restarts of the delayed leave until leaving, with matrix-js-sdk 43's recovery rules (lower the
 * delay on the server's maximum, re-create a lost delayed leave, re-join when the membership is gone, retry on rate
 * limits and network errors). The driver makes the requested HTTP calls one at a time and reports outcomes; time
 * only enters through the {@code now} arguments. Not thread-safe: one driver owns it.
 */
public final class MembershipLifecycle {
    /** Phases of the lifecycle. */
    public enum Phase { IDLE, JOINING, JOINED, LEAVING, LEFT, FAILED }

    private final LifecycleConfig config;
    private final Map<Job, Long> due = new EnumMap<>(Job.class);
    private final RetryBudget retries;
    private Phase phase = Phase.IDLE;
    private boolean useDelayedEvents;
    private long delayMs;
    private String delayId;
    private String staleDelayId;
    private long expectedFireAt;
    private long startedAt;
    private int sendNumber;
    private boolean probablyLeft;
    private boolean seenOwnMembership;
    private boolean leaveDirectly;
    private Job inFlight;
    private long inFlightId;
    private long nextRequestId = 1;

    public MembershipLifecycle(LifecycleConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.retries = new RetryBudget(config);
        this.useDelayedEvents = config.delayedEventsSupported();
        this.delayMs = config.delayedLeaveMs();
    }

    public Phase phase() {
        return phase;
    }

    public boolean probablyLeft() {
        return probablyLeft;
    }

    /** The delay of the delayed leave now in use (lowered if the server's maximum is smaller). */
    public long delayMs() {
        return delayMs;
    }

    public List<LifecycleAction> join(long now) {
        if (phase != Phase.IDLE) {
            throw new IllegalStateException("join() in phase " + phase);
        }
        startJoin(now);
        return pump(now, new ArrayList<>());
    }

    public List<LifecycleAction> leave(long now) {
        var actions = new ArrayList<LifecycleAction>();
        switch (phase) {
            case IDLE -> {
                phase = Phase.LEFT;
                actions.add(new LifecycleAction.Left());
            }
            case JOINING, JOINED -> {
                phase = Phase.LEAVING;
                due.clear();
                due.put(Job.LEAVE, now);
            }
            default -> {
            }
        }
        return pump(now, actions);
    }

    public List<LifecycleAction> onTimer(long now) {
        return pump(now, new ArrayList<>());
    }

    /** The slot's member list changed; {@code ownPresent} says whether our own membership is in it. */
    public List<LifecycleAction> onMembershipsChanged(boolean ownPresent, long now) {
        if (phase == Phase.JOINED && ownPresent) {
            seenOwnMembership = true;
        } else if (phase == Phase.JOINED && seenOwnMembership) {
            // Someone (or the server's delayed leave) removed us: cancel the old guard, then a fresh join.
            staleDelayId = delayId;
            if (staleDelayId != null) {
                due.put(Job.CANCEL_STALE_DELAY, now);
            }
            due.remove(Job.RESTART);
            due.remove(Job.SEND_MEMBERSHIP);
            startJoin(now);
        }
        return pump(now, new ArrayList<>());
    }

    public List<LifecycleAction> onResponse(long requestId, RequestOutcome outcome, long now) {
        var actions = new ArrayList<LifecycleAction>();
        if (inFlight == null || requestId != inFlightId) {
            return pump(now, actions); // a stale or unknown answer: nothing to do
        }
        Job job = inFlight;
        inFlight = null;
        if (outcome instanceof Ok ok) {
            retries.reset(job);
            succeeded(job, ok, now, actions);
        } else {
            failed(job, outcome, now, actions);
        }
        return pump(now, actions);
    }

    private void startJoin(long now) {
        phase = Phase.JOINING;
        delayId = null;
        sendNumber = 0;
        seenOwnMembership = false;
        due.put(useDelayedEvents ? Job.CREATE_DELAY : Job.SEND_MEMBERSHIP, now);
    }

    private void succeeded(Job job, Ok ok, long now, List<LifecycleAction> actions) {
        switch (job) {
            case CREATE_DELAY -> {
                delayId = ok.delayId().orElseThrow(() -> new IllegalArgumentException("delayed send without id"));
                expectedFireAt = now + delayMs;
                if (phase == Phase.JOINING) {
                    due.put(Job.SEND_MEMBERSHIP, now);
                } else if (phase == Phase.JOINED) {
                    due.put(Job.RESTART, now + config.restartIntervalMs());
                }
            }
            case SEND_MEMBERSHIP -> {
                if (phase == Phase.JOINING) {
                    phase = Phase.JOINED;
                    startedAt = now;
                    actions.add(new LifecycleAction.Joined());
                    if (delayId != null) {
                        due.put(Job.RESTART, now);
                    }
                }
                sendNumber++;
                due.put(Job.SEND_MEMBERSHIP,
                        startedAt + sendNumber * config.membershipPeriodMs() - config.resendHeadroomMs());
                setProbablyLeft(false, actions);
            }
            case RESTART -> {
                expectedFireAt = now + delayMs;
                setProbablyLeft(false, actions);
                due.put(Job.RESTART, now + config.restartIntervalMs());
            }
            case CANCEL_STALE_DELAY -> staleDelayId = null;
            case LEAVE -> {
                phase = Phase.LEFT;
                due.clear();
                actions.add(new LifecycleAction.Left());
            }
        }
    }

    private void failed(Job job, RequestOutcome outcome, long now, List<LifecycleAction> actions) {
        if (job == Job.RESTART && (outcome instanceof NetworkError || outcome instanceof LocalTimeout)
                && now >= expectedFireAt) {
            setProbablyLeft(true, actions);
        }
        if (job == Job.CREATE_DELAY && outcome instanceof MaxDelayExceeded(long max) && max > 0 && max < delayMs) {
            delayMs = max;
            due.put(job, now);
            return;
        }
        if (retries.isRetryable(outcome)) {
            if (retries.retry(job, outcome, now, due)) {
                return;
            }
            giveUp(job, "gave up after repeated " + outcome.getClass().getSimpleName(), now, actions);
            return;
        }
        if (job == Job.RESTART && outcome instanceof NotFound) {
            delayId = null;
            if (now < expectedFireAt) {
                due.put(Job.CREATE_DELAY, now); // only the guard is gone: re-create it, keep the membership
            } else {
                due.remove(Job.SEND_MEMBERSHIP); // the leave has fired: the membership is gone, join afresh
                startJoin(now);
            }
            return;
        }
        giveUp(job, "request failed: " + outcome, now, actions);
    }

    private void giveUp(Job job, String reason, long now, List<LifecycleAction> actions) {
        switch (job) {
            case CREATE_DELAY -> {
                if (phase == Phase.JOINING) {
                    useDelayedEvents = false; // join without a delayed leave, as js-sdk does
                    due.put(Job.SEND_MEMBERSHIP, now);
                    return;
                }
                fail(reason, actions);
            }
            case CANCEL_STALE_DELAY -> staleDelayId = null; // best effort: the server will fire it harmlessly
            case LEAVE -> {
                if (!leaveDirectly && delayId != null) {
                    leaveDirectly = true;
                    due.put(Job.LEAVE, now);
                    return;
                }
                fail(reason, actions);
            }
            default -> fail(reason, actions);
        }
    }

    private void fail(String reason, List<LifecycleAction> actions) {
        phase = Phase.FAILED;
        due.clear();
        actions.add(new LifecycleAction.Failed(reason));
    }

    private void setProbablyLeft(boolean value, List<LifecycleAction> actions) {
        if (probablyLeft != value) {
            probablyLeft = value;
            actions.add(new LifecycleAction.ProbablyLeft(value));
        }
    }

    /** Starts the most overdue job if nothing is in flight, else asks to be woken when the next one is due. */
    private List<LifecycleAction> pump(long now, List<LifecycleAction> actions) {
        if (inFlight != null || due.isEmpty()) {
            return actions;
        }
        Job next = null;
        for (var entry : due.entrySet()) {
            if (next == null || entry.getValue() < due.get(next)) {
                next = entry.getKey();
            }
        }
        long at = due.get(next);
        if (at > now) {
            actions.add(new WakeAt(at));
            return actions;
        }
        due.remove(next);
        inFlight = next;
        inFlightId = nextRequestId++;
        actions.add(new Send(inFlightId, requestFor(next, now)));
        return actions;
    }

    private LifecycleRequest requestFor(Job job, long now) {
        return switch (job) {
            case CREATE_DELAY -> new CreateDelayedLeave(delayMs);
            case SEND_MEMBERSHIP -> new SendMembership(sendNumber, config.legacyExpiresMs() * (sendNumber + 1));
            case RESTART -> new RestartDelayedLeave(delayId, probablyLeft ? config.restartTimeoutMs()
                    : Math.max(1, Math.min(config.restartTimeoutMs(), expectedFireAt - now)));
            case CANCEL_STALE_DELAY -> new CancelDelayedLeave(staleDelayId);
            case LEAVE -> delayId != null && !leaveDirectly ? new SendDelayedLeaveNow(delayId) : new SendLeave();
        };
    }

    /** Kinds of request; at most one of each is scheduled, and one request is in flight at a time. */
    enum Job { LEAVE, CREATE_DELAY, SEND_MEMBERSHIP, RESTART, CANCEL_STALE_DELAY }
}
