package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** What the manager writes to its store, and how it resumes stored jobs, on the virtual clock. */
class DelegationStoreTest {
    private static final JobKey ALICE = new JobKey("room", "alice");

    /** Records writes; holds entries like Redis would. */
    private static final class RecordingStore implements JobStore {
        final Map<JobKey, StoredJob> entries = new ConcurrentHashMap<>();
        final List<String> writes = new ArrayList<>();

        @Override
        public void save(StoredJob job) {
            entries.put(job.params().key(), job);
            writes.add("save " + job.params().delayId() + " " + job.restartedAt());
        }

        @Override
        public void delete(JobKey key) {
            entries.remove(key);
            writes.add("delete " + key.identity());
        }

        @Override
        public List<StoredJob> all() {
            return List.copyOf(entries.values());
        }
    }

    private final VirtualTime time = new VirtualTime();
    private final ScriptedCalls calls = new ScriptedCalls(time);
    private final RecordingStore store = new RecordingStore();
    private final Instant t0 = time.instant();

    private DelegationManager manager() {
        return new DelegationManager(time, time, calls, time, Duration.ZERO, () -> new Random(1), store, Runnable::run);
    }

    @Test
    void lifecycle_savesOnStartAndEachRestartAndDeletesAtTheEnd() {
        var manager = manager();
        manager.register(JobParams.of("hs", "syd_1", 8000, ALICE));
        time.runCalls();
        time.advance(Duration.ofSeconds(1));
        manager.deliver(ALICE, new JobEvent.ParticipantJoined());
        time.runCalls();
        time.advance(Duration.ofMillis(6400));
        manager.deliver(ALICE, new JobEvent.ParticipantLeft(true));
        time.runCalls();

        assertThat(store.writes).containsExactly("save syd_1 " + t0, "save syd_1 " + t0.plusSeconds(1),
                "save syd_1 " + t0.plusMillis(7400), "delete alice");
        assertThat(store.entries).isEmpty();
    }

    @Test
    void replacedJob_neitherOverwritesNorDeletesItsSuccessor() {
        var manager = manager();
        manager.register(JobParams.of("hs", "syd_old", 8000, ALICE));
        time.runCalls();
        manager.deliver(ALICE, new JobEvent.ParticipantJoined()); // old restart in flight

        manager.register(JobParams.of("hs", "syd_new", 8000, ALICE));
        time.runCalls();

        assertThat(store.entries.get(ALICE).params().delayId()).isEqualTo("syd_new");
        assertThat(store.writes).noneMatch(w -> w.startsWith("delete"));
    }

    @Test
    void restore_dropsExpiredJobsAndResumesTheOthersWaiting() {
        store.entries.put(ALICE, new JobStore.StoredJob(JobParams.of("hs", "syd_live", 8000, ALICE),
                t0.minusSeconds(2)));
        var bob = new JobKey("room", "bob");
        store.entries.put(bob, new JobStore.StoredJob(JobParams.of("hs", "syd_expired", 8000, bob),
                t0.minusSeconds(8)));
        var manager = manager();

        manager.restore();
        time.runCalls();

        assertThat(manager.watching(ALICE)).isTrue();
        assertThat(manager.watching(bob)).isFalse();
        assertThat(store.writes).containsExactly("delete bob");
        time.advance(Duration.ofSeconds(8)); // never connects: sent when its fresh wait ends
        assertThat(calls.delayedEventCalls()).containsExactly("8000ms syd_live send");
    }

    @Test
    void failingStore_neverBreaksTheDelegation() {
        var manager = new DelegationManager(time, time, calls, time, Duration.ZERO, () -> new Random(1),
                new JobStore() {
                    @Override
                    public void save(StoredJob job) {
                        throw new IllegalStateException("redis down");
                    }

                    @Override
                    public void delete(JobKey key) {
                        throw new IllegalStateException("redis down");
                    }

                    @Override
                    public List<StoredJob> all() {
                        throw new IllegalStateException("redis down");
                    }
                }, Runnable::run);

        manager.restore();
        manager.register(JobParams.of("hs", "syd_1", 8000, ALICE));
        time.runCalls();
        manager.deliver(ALICE, new JobEvent.ParticipantLeft(false));
        time.runCalls();

        assertThat(manager.watching(ALICE)).isFalse();
    }
}
