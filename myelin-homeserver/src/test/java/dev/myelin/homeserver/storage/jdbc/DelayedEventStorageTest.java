package dev.myelin.homeserver.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.homeserver.storage.DelayedEvent;
import dev.myelin.homeserver.storage.DelayedEvent.Status;
import dev.myelin.homeserver.storage.DelayedEventRepository.Restart;
import dev.myelin.homeserver.storage.DelayedEventRepository.Restarted;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.testing.PostgresCluster;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Delayed-event rows behave the same on SQLite and PostgreSQL; PostgreSQL claims skip rows locked elsewhere. */
class DelayedEventStorageTest {
    private static final UserId ALICE = UserId.parse("@alice:hs.test");
    private static final UserId BOB = UserId.parse("@bob:hs.test");
    private static final DeviceId PHONE = DeviceId.of("PHONE");
    private static final RoomId ROOM = RoomId.parse("!room:hs.test");

    @TempDir
    static Path dir;

    static Stream<String> databases() {
        return Stream.of("sqlite", "postgresql");
    }

    private static Storage open(String database, String name) {
        return database.equals("sqlite")
                ? SqliteStorage.open(dir.resolve(name + ".db"), 2, 1_000)
                : PostgresStorage.open(PostgresCluster.shared().newDatabase(), 2, 1_000);
    }

    private static DelayedEvent row(String id, UserId user, Optional<String> stateKey, long sendTs) {
        return DelayedEvent.scheduled(id, user, PHONE, Optional.of("txn-" + id), ROOM, "com.example", stateKey,
                JsonObject.builder().put("id", id).build(), 100, sendTs);
    }

    private static void insert(Storage storage, DelayedEvent... rows) {
        storage.write(r -> {
            for (DelayedEvent row : rows) {
                r.delayedEvents().insert(row);
            }
            return null;
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void claimDue_returnsTheEarliestDueRowAndFinalisedRowsAreNotClaimedAgain(String database) {
        try (var storage = open(database, "claim")) {
            insert(storage, row("b", ALICE, Optional.empty(), 2_000), row("a", ALICE, Optional.empty(), 1_500),
                    row("c", ALICE, Optional.empty(), 9_000));

            Optional<DelayedEvent> first = storage.write(r -> {
                Optional<DelayedEvent> due = r.delayedEvents().claimDue(2_000);
                due.ifPresent(e -> r.delayedEvents().finalise(e.delayId(), Status.SENT, 2_000, Optional.of("$e"),
                        Optional.empty()));
                return due;
            });
            Optional<DelayedEvent> second = storage.write(r -> r.delayedEvents().claimDue(2_000));
            OptionalLong next = storage.read(r -> r.delayedEvents().nextSendTs());
            Optional<DelayedEvent> sent = storage.read(r -> r.delayedEvents().find("a"));

            assertThat(first).map(DelayedEvent::delayId).contains("a");
            assertThat(first.get().content().string("id")).isEqualTo("a");
            assertThat(second).map(DelayedEvent::delayId).contains("b");
            assertThat(next).hasValue(2_000);
            assertThat(sent.get().status()).isEqualTo(Status.SENT);
            assertThat(sent.get().eventId()).contains("$e");
            assertThat(sent.get().finalisedTs()).contains(2_000L);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void scheduleChanges_rescheduleFinaliseCancelByKeyAndPurge(String database) {
        try (var storage = open(database, "changes")) {
            insert(storage, row("mine", ALICE, Optional.of("k"), 5_000), row("theirs", BOB, Optional.of("k"), 5_000),
                    row("msg", BOB, Optional.empty(), 5_000));

            boolean moved = storage.write(r -> r.delayedEvents().reschedule("msg", 7_000));
            int cancelled = storage.write(r -> r.delayedEvents().cancelOthersForStateKey(ROOM, "com.example", "k",
                    ALICE, 3_000));
            boolean finaliseAgain = storage.write(r -> r.delayedEvents().finalise("theirs", Status.SENT, 3_100,
                    Optional.empty(), Optional.empty()));
            var byTxn = storage.read(r -> r.delayedEvents().findByTxn(ALICE, PHONE, "txn-mine"));
            var bobsScheduled = storage.read(r -> r.delayedEvents().listForUser(BOB, Status.SCHEDULED));
            var bobsCancelled = storage.read(r -> r.delayedEvents().listForUser(BOB, Status.CANCELLED));
            int purged = storage.write(r -> r.delayedEvents().purgeFinalisedBefore(3_001));

            assertThat(moved).isTrue();
            assertThat(cancelled).isEqualTo(1);
            assertThat(finaliseAgain).isFalse();
            assertThat(byTxn).map(DelayedEvent::delayId).contains("mine");
            assertThat(bobsScheduled).extracting(DelayedEvent::delayId).containsExactly("msg");
            assertThat(bobsScheduled.getFirst().sendTs()).isEqualTo(7_000);
            assertThat(bobsCancelled).extracting(DelayedEvent::delayId).containsExactly("theirs");
            assertThat(purged).isEqualTo(1);
            List<Long> alicesTimes = storage.read(r -> r.delayedEvents().scheduledSendTimes(ALICE));
            assertThat(alicesTimes).containsExactly(5_000L);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void restart_movesOnlyAScheduledRowOfItsOwnerToNowPlusItsDelay(String database) {
        try (var storage = open(database, "restart")) {
            insert(storage, row("live", ALICE, Optional.empty(), 1_000), row("done", ALICE, Optional.empty(), 1_000));
            storage.write(r -> r.delayedEvents().finalise("done", Status.CANCELLED, 900, Optional.empty(),
                    Optional.empty()));

            OptionalLong anyone = storage.write(r -> r.delayedEvents().restart("live", Optional.empty(), 5_000));
            OptionalLong owner = storage.write(r -> r.delayedEvents().restart("live", Optional.of(ALICE), 6_000));
            OptionalLong stranger = storage.write(r -> r.delayedEvents().restart("live", Optional.of(BOB), 7_000));
            OptionalLong finished = storage.write(r -> r.delayedEvents().restart("done", Optional.empty(), 7_000));
            OptionalLong unknown = storage.write(r -> r.delayedEvents().restart("nope", Optional.empty(), 7_000));

            assertThat(anyone).hasValue(5_100);
            assertThat(owner).hasValue(6_100);
            assertThat(stranger).isEmpty();
            assertThat(finished).isEmpty();
            assertThat(unknown).isEmpty();
            assertThat(storage.read(r -> r.delayedEvents().find("live")).get().sendTs()).isEqualTo(6_100);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void claimDueWithLimit_returnsUpToThatManyDueRowsEarliestFirst(String database) {
        try (var storage = open(database, "claimMany")) {
            insert(storage, row("c", ALICE, Optional.empty(), 1_200), row("a", ALICE, Optional.empty(), 1_000),
                    row("b", ALICE, Optional.empty(), 1_100), row("later", ALICE, Optional.empty(), 9_000));

            List<List<String>> claims = storage.write(r -> {
                List<DelayedEvent> first = r.delayedEvents().claimDue(2_000, 2);
                first.forEach(e -> r.delayedEvents().finalise(e.delayId(), Status.SENT, 2_000, Optional.of("$e"),
                        Optional.empty()));
                List<DelayedEvent> rest = r.delayedEvents().claimDue(2_000, 16);
                return List.of(first.stream().map(DelayedEvent::delayId).toList(),
                        rest.stream().map(DelayedEvent::delayId).toList());
            });

            assertThat(claims.get(0)).containsExactly("a", "b");
            assertThat(claims.get(1)).containsExactly("c");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void restartAll_restartsEveryScheduledRowSomeRequestMayAndLeavesTheRestUnchanged(String database) {
        try (var storage = open(database, "restartAll")) {
            insert(storage, row("a1", ALICE, Optional.empty(), 1_000), row("a2", ALICE, Optional.empty(), 1_000),
                    row("b1", BOB, Optional.empty(), 1_000), row("done", ALICE, Optional.empty(), 1_000));
            storage.write(r -> r.delayedEvents().finalise("done", Status.SENT, 900, Optional.of("$x"),
                    Optional.empty()));

            var restarted = storage.write(r -> r.delayedEvents().restartAll(List.of(
                    new Restart("a1", Optional.of(ALICE)), new Restart("a1", Optional.of(ALICE)),
                    new Restart("a2", Optional.of(BOB)),
                    new Restart("b1", Optional.empty()),
                    new Restart("done", Optional.of(ALICE)), new Restart("nope", Optional.empty())), 5_000));

            assertThat(restarted).containsOnlyKeys("a1", "b1");
            assertThat(restarted.get("a1")).isEqualTo(new Restarted(ALICE, 5_100));
            assertThat(restarted.get("b1")).isEqualTo(new Restarted(BOB, 5_100));
            assertThat(storage.read(r -> r.delayedEvents().find("a2")).orElseThrow().sendTs()).isEqualTo(1_000);
            assertThat(storage.read(r -> r.delayedEvents().find("done")).orElseThrow().sendTs()).isEqualTo(1_000);
            java.util.Map<String, Restarted> none = storage.write(r -> r.delayedEvents().restartAll(List.of(), 6_000));
            assertThat(none).isEmpty();
        }
    }

    @Test
    void postgresClaim_skipsARowAnotherServerHoldsInsteadOfWaiting() {
        URI database = PostgresCluster.shared().newDatabase();
        try (var one = PostgresStorage.open(database, 1, 1_000); var two = PostgresStorage.open(database, 1, 1_000)) {
            insert(one, row("a", ALICE, Optional.empty(), 1_000), row("b", ALICE, Optional.empty(), 1_100));

            var claims = one.write(r -> {
                Optional<DelayedEvent> held = r.delayedEvents().claimDue(5_000);
                Optional<DelayedEvent> other = two.write(r2 -> r2.delayedEvents().claimDue(5_000));
                return new Optional<?>[] {held, other};
            });

            assertThat(claims[0]).map(e -> ((DelayedEvent) e).delayId()).contains("a");
            assertThat(claims[1]).map(e -> ((DelayedEvent) e).delayId()).contains("b");
        }
    }

    @Test
    void postgresRestart_commitsWhileTheSerialisedWriterIsHeld() throws Exception {
        try (var storage = PostgresStorage.open(PostgresCluster.shared().newDatabase(), 1, 1_000);
                var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            insert(storage, row("a", ALICE, Optional.empty(), 5_000));

            // Inside a write transaction, another thread's restart must finish (not queue behind this writer).
            OptionalLong restarted = storage.write(r -> {
                Future<OptionalLong> restart = executor.submit(
                        () -> storage.writeOwnRows(w -> w.delayedEvents().restart("a", Optional.of(ALICE), 7_000)));
                try {
                    return restart.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("restart did not finish beside the held writer", e);
                }
            });

            assertThat(restarted).hasValue(7_100);
            assertThat(storage.read(r -> r.delayedEvents().find("a")).orElseThrow().sendTs()).isEqualTo(7_100);
        }
    }

    @Test
    void postgresRestart_racingAClaimOfTheSameRowEitherRestartsItOrFindsItSent() throws Exception {
        try (var storage = PostgresStorage.open(PostgresCluster.shared().newDatabase(), 1, 1_000);
                var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            insert(storage, row("a", ALICE, Optional.empty(), 1_000));

            // The claim holds the row while the restart's UPDATE waits on it; once sent, the restart matches nothing.
            var restart = new java.util.concurrent.atomic.AtomicReference<Future<OptionalLong>>();
            storage.writeUrgently(r -> {
                Optional<DelayedEvent> due = r.delayedEvents().claimDue(2_000);
                assertThat(due).isPresent();
                restart.set(executor.submit(
                        () -> storage.writeOwnRows(w -> w.delayedEvents().restart("a", Optional.of(ALICE), 2_000))));
                return r.delayedEvents().finalise("a", Status.SENT, 2_000, Optional.of("$e"), Optional.empty());
            });

            assertThat(restart.get().get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(storage.read(r -> r.delayedEvents().find("a")).orElseThrow().status()).isEqualTo(Status.SENT);
        }
    }

    @Test
    void postgresRestarts_manyAtOnceAllCommitAndAFailingOneRollsBackAloneWithItsOwnException() throws Exception {
        try (var storage = PostgresStorage.open(PostgresCluster.shared().newDatabase(), 1, 1_000);
                var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            int count = 200;
            insert(storage, java.util.stream.IntStream.range(0, count)
                    .mapToObj(i -> row("r" + i, ALICE, Optional.empty(), 5_000)).toArray(DelayedEvent[]::new));

            var restarts = new java.util.ArrayList<Future<OptionalLong>>();
            for (int i = 0; i < count; i++) {
                String id = "r" + i;
                boolean fails = i == 7;
                restarts.add(executor.submit(() -> storage.writeOwnRows(w -> {
                    OptionalLong restarted = w.delayedEvents().restart(id, Optional.of(ALICE), 9_000);
                    if (fails) {
                        throw new IllegalStateException("refused " + id);
                    }
                    return restarted;
                })));
            }

            for (int i = 0; i < count; i++) {
                if (i == 7) {
                    Future<OptionalLong> failing = restarts.get(i);
                    assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("refused r7");
                } else {
                    assertThat(restarts.get(i).get(30, TimeUnit.SECONDS)).hasValue(9_100);
                }
            }
            List<Long> times = storage.read(r -> r.delayedEvents().scheduledSendTimes(ALICE));
            assertThat(times).hasSize(count).containsOnlyOnce(5_000L);
            assertThat(times.stream().filter(t -> t == 9_100L)).hasSize(count - 1);
        }
    }
}
