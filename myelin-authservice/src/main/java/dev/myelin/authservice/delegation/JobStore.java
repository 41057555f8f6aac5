package dev.myelin.authservice.delegation;

import java.time.Instant;
import java.util.List;

/**
 * Where delegations outlive a restart (upstream's {@code store}): one entry per room and identity, written when a job
 * starts and whenever its delayed event is restarted, removed when it ends. Failures are the caller's to log; a
 * delegation never fails because its store did.
 */
public interface JobStore extends AutoCloseable {
    /** A job as stored: its parameters and when its delayed event was last known to be restarted. */
    record StoredJob(JobParams params, Instant restartedAt) {
    }

    void save(StoredJob job);

    void delete(JobKey key);

    List<StoredJob> all();

    @Override
    default void close() {
    }

    /** No persistence: upstream's behaviour without {@code LIVEKIT_REDIS_URL}. */
    static JobStore inMemoryOnly() {
        return new JobStore() {
            @Override
            public void save(StoredJob job) {
            }

            @Override
            public void delete(JobKey key) {
            }

            @Override
            public List<StoredJob> all() {
                return List.of();
            }
        };
    }
}
