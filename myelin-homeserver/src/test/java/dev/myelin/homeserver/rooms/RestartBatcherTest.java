package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.storage.DelayedEvent;
import dev.myelin.homeserver.storage.DelayedEventRepository.Restart;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.jdbc.PostgresStorage;
import dev.myelin.homeserver.storage.jdbc.SqliteStorage;
import dev.myelin.homeserver.testing.PostgresCluster;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Concurrent restarts share transactions, yet each caller gets exactly its own outcome. */
class RestartBatcherTest {
    private static final UserId ALICE = UserId.parse("@alice:hs.test");
    private static final UserId MALLORY = UserId.parse("@mallory:hs.test");
    private static final RoomId ROOM = RoomId.parse("!room:hs.test");
    private static final long NOW = 50_000;
    private static final long DELAY = 100;

    @TempDir
    static Path dir;

    static Stream<String> databases() {
        return Stream.of("sqlite", "postgresql");
    }

    private static Storage open(String database) {
        return database.equals("sqlite")
                ? SqliteStorage.open(dir.resolve("restarts.db"), 2, 1_000)
                : PostgresStorage.open(PostgresCluster.shared().newDatabase(), 2, 1_000);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentRestarts_eachGetsItsOwnOutcomeAndStrangersMoveNothing(String database) throws Exception {
        long seed = new Random().nextLong();
        System.out.println("RestartBatcherTest seed " + seed);
        var random = new Random(seed);
        int rows = 300;
        try (var storage = open(database); var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            storage.write(r -> {
                for (int i = 0; i < rows; i++) {
                    r.delayedEvents().insert(DelayedEvent.scheduled("d" + i, ALICE, DeviceId.of("PHONE"),
                            Optional.empty(), ROOM, "com.example", Optional.empty(), JsonObject.EMPTY, DELAY, 1_000));
                }
                // Every tenth row already went out: nothing to restart there.
                for (int i = 0; i < rows; i += 10) {
                    r.delayedEvents().finalise("d" + i, DelayedEvent.Status.SENT, 900, Optional.of("$e" + i),
                            Optional.empty());
                }
                return null;
            });
            var batcher = new RestartBatcher(storage, InstantSource.fixed(Instant.ofEpochMilli(NOW)));

            // Owners, anonymous callers and a stranger race for random rows (several for the same row at times).
            record Ask(int row, Optional<UserId> caller) {
            }
            var asks = new ArrayList<Ask>();
            for (int i = 0; i < 2_000; i++) {
                int choice = random.nextInt(10);
                asks.add(new Ask(random.nextInt(rows), choice == 0 ? Optional.of(MALLORY)
                        : choice < 3 ? Optional.empty() : Optional.of(ALICE)));
            }
            var start = new CountDownLatch(1);
            var outcomes = new ArrayList<Future<OptionalLong>>();
            for (Ask ask : asks) {
                outcomes.add(executor.submit(() -> {
                    start.await();
                    return batcher.restart(new Restart("d" + ask.row(), ask.caller()));
                }));
            }
            start.countDown();

            for (int i = 0; i < asks.size(); i++) {
                Ask ask = asks.get(i);
                boolean restartable = ask.row() % 10 != 0 && !ask.caller().equals(Optional.of(MALLORY));
                OptionalLong outcome = outcomes.get(i).get(60, TimeUnit.SECONDS);
                if (restartable) {
                    assertThat(outcome).as("row %d by %s", ask.row(), ask.caller()).hasValue(NOW + DELAY);
                } else {
                    assertThat(outcome).as("row %d by %s", ask.row(), ask.caller()).isEmpty();
                }
            }
            List<DelayedEvent> all = storage.read(r -> r.delayedEvents().listForUser(ALICE,
                    DelayedEvent.Status.SCHEDULED));
            for (DelayedEvent row : all) {
                int index = Integer.parseInt(row.delayId().substring(1));
                boolean restartedByRightfulCaller = asks.stream().anyMatch(a -> a.row() == index
                        && !a.caller().equals(Optional.of(MALLORY)));
                assertThat(row.sendTs()).as(row.delayId()).isEqualTo(restartedByRightfulCaller ? NOW + DELAY : 1_000);
            }
        }
    }
}
