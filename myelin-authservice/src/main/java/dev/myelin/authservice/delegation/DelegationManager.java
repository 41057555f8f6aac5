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
    private final JobStore store;
    private final Executor storeWrites;
    private final Map<JobKey, JobDriver> jobs = new HashMap<>();
    private boolean closed;

    public DelegationManager(Scheduler scheduler, Executor calls, DelegationCalls outbound, InstantSource clock,
                             Duration sanityInterval, Supplier<RandomGenerator> random) {
        this(scheduler, calls, outbound, clock, sanityInterval, random, JobStore.inMemoryOnly(), Runnable::run);
    }

    /**
     * @param store       where jobs outlive a restart
     * @param storeWrites runs the store's writes one after the other (they block on the network), in order
     */
    public DelegationManager(Scheduler scheduler, Executor calls, DelegationCalls outbound, InstantSource clock,
                             Duration sanityInterval, Supplier<RandomGenerator> random, JobStore store,
                             Executor storeWrites) {
        this.store = store;
        this.storeWrites = storeWrites;
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
        start(params, true);
    }

    /**
     * Resumes the stored jobs (at service start): those whose delay has run out since their last restart are dropped,
     * the others start over waiting for their participant, as upstream does.
     */
    public void restore() {
        List<JobStore.StoredJob> stored;
        try {
            stored = store.all();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot load the stored delegations", e);
            return;
        }
        for (JobStore.StoredJob job : stored) {
            if (!job.restartedAt().plusNanos(job.params().delayTimeoutNs()).isAfter(clock.instant())) {
                LOG.log(Level.INFO, "dropping expired stored delegation {0}", job.params().delayId());
                write(() -> store.delete(job.params().key()));
                continue;
            }
            start(job.params(), false);
        }
    }

    private void start(JobParams params, boolean save) {
        var driver = new JobDriver(params, new DelayedLeaveJob(params.delayTimeoutNs(), sanityInterval, random.get()),
                scheduler, calls, outbound, clock, this::finished, this::restarted);
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
        if (save) {
            // Best guess of the last restart: the client scheduled the event just before handing it over.
            var stored = new JobStore.StoredJob(params, clock.instant());
            write(() -> store.save(stored));
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
        boolean current;
        synchronized (this) {
            current = jobs.remove(driver.params().key(), driver);
        }
        if (current) {
            write(() -> store.delete(driver.params().key()));
        }
    }

    private void restarted(JobDriver driver, java.time.Instant at) {
        boolean current;
        synchronized (this) {
            current = jobs.get(driver.params().key()) == driver;
        }
        if (current) {
            var stored = new JobStore.StoredJob(driver.params(), at);
            write(() -> store.save(stored));
        }
    }

    /** Store failures are logged, never passed on: the delegation itself still works. */
    private void write(Runnable operation) {
        storeWrites.execute(() -> {
            try {
                operation.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "delegation store write failed: {0}", e.toString());
            }
        });
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
        // Stored jobs stay: another instance (or this one restarted) resumes them.
    }

    /** Upstream answers 503 "Service is shutting down". */
    public static final class ShuttingDownException extends RuntimeException {
        ShuttingDownException() {
            super("Service is shutting down");
        }
    }
}
