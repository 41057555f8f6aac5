package dev.myelin.authservice.delegation;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The delegations in flight, one per LiveKit room and identity: a new one replaces the old (which stops at once),
 * webhooks reach the current one, finished ones are forgotten. Upstream's {@code Handler.loop}, with a lock instead of
 * an actor since every operation here is a few map steps.
 */
public final class DelegationManager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DelegationManager.class.getName());

    private final Scheduler scheduler;
    private final Executor calls;
    private final DelegationCalls outbound;
    private final InstantSource clock;
    private final Duration sanityInterval;
    private final Supplier<RandomGenerator> random;
    private final Map<JobKey, JobDriver> jobs = new HashMap<>();
    private boolean closed;

    public DelegationManager(Scheduler scheduler, Executor calls, DelegationCalls outbound, InstantSource clock,
                             Duration sanityInterval, Supplier<RandomGenerator> random) {
        this.scheduler = scheduler;
        this.calls = calls;
        this.outbound = outbound;
        this.clock = clock;
        this.sanityInterval = sanityInterval;
        this.random = random;
    }

    /**
     * Starts watching; an older delegation for the same room and identity is replaced.
     *
     * @throws ShuttingDownException after {@link #close()}
     */
    public void register(JobParams params) {
        var driver = new JobDriver(params, new DelayedLeaveJob(params.delayTimeoutNs(), sanityInterval, random.get()),
                scheduler, calls, outbound, clock, this::finished);
        JobDriver previous;
        synchronized (this) {
            if (closed) {
                throw new ShuttingDownException();
            }
            previous = jobs.put(params.key(), driver);
        }
        if (previous != null) {
            LOG.log(Level.INFO, "delegated leave {0} replaces {1}", params.delayId(), previous.params().delayId());
            previous.post(new JobEvent.Replaced());
        }
        driver.start();
    }

    /** A webhook about a participant; ignored unless a delegation watches that room and identity. */
    public void deliver(JobKey key, JobEvent event) {
        JobDriver driver;
        synchronized (this) {
            driver = jobs.get(key);
        }
        if (driver != null) {
            driver.post(event);
        }
    }

    public synchronized boolean watching(JobKey key) {
        return jobs.containsKey(key);
    }

    public synchronized int size() {
        return jobs.size();
    }

    private void finished(JobDriver driver) {
        synchronized (this) {
            jobs.remove(driver.params().key(), driver);
        }
    }

    /** Stops every delegation without sending anything (as upstream's shutdown); later registrations fail. */
    @Override
    public void close() {
        List<JobDriver> running;
        synchronized (this) {
            closed = true;
            running = List.copyOf(jobs.values());
            jobs.clear();
        }
        running.forEach(JobDriver::stop);
    }

    /** Upstream answers 503 "Service is shutting down". */
    public static final class ShuttingDownException extends RuntimeException {
        ShuttingDownException() {
            super("Service is shutting down");
        }
    }
}
