package dev.myelin.homeserver.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.homeserver.storage.DeviceRecord;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.homeserver.storage.TokenOwner;
import dev.myelin.homeserver.storage.UserRecord;
import dev.myelin.homeserver.testing.PostgresCluster;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same repository behaviour on SQLite and PostgreSQL: one interface layer, two dialects. */
class StorageContractTest {
    private static final UserId ALICE = UserId.parse("@alice:hs.test");
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

    private static <T> T read(Storage storage, Function<dev.myelin.homeserver.storage.Repositories, T> work) {
        return storage.read(work);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void accountsDevicesAndTokens_roundTripAndCascade(String database) {
        try (var storage = open(database, "accounts")) {
            storage.write(r -> {
                r.users().create(new UserRecord(ALICE, Optional.of("hash"), 1, false));
                r.devices().createIfAbsent(new DeviceRecord(ALICE, PHONE, Optional.of("Phone"), 2));
                r.accessTokens().create("t1", ALICE, PHONE, 3);
                return null;
            });
            boolean duplicate = storage.write(r -> r.users().create(new UserRecord(ALICE, Optional.empty(), 1,
                    false)));
            Optional<TokenOwner> owner = read(storage, r -> r.accessTokens().find("t1"));
            storage.write(r -> r.devices().delete(ALICE, PHONE));
            Optional<TokenOwner> afterDelete = read(storage, r -> r.accessTokens().find("t1"));

            assertThat(duplicate).isFalse();
            assertThat(owner).hasValue(new TokenOwner(ALICE, PHONE));
            assertThat(afterDelete).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void events_appendInStreamOrderAndKeepCurrentState(String database) {
        try (var storage = open(database, "events")) {
            List<StoredEvent> appended = storage.write(r -> {
                r.rooms().create(new dev.myelin.homeserver.storage.RoomRecord(ROOM, "10", ALICE, 1));
                var first = r.events().append(event("$1", "m.room.member", Optional.of(ALICE.toString()), "join"));
                var second = r.events().append(event("$2", "m.room.member", Optional.of(ALICE.toString()), "leave"));
                var message = r.events().append(event("$3", "m.room.message", Optional.empty(), "x"));
                return List.of(first, second, message);
            });
            List<StoredEvent> state = read(storage, r -> r.events().currentState(ROOM));
            List<RoomId> left = read(storage, r -> r.events().roomsWithMembership(ALICE, "leave"));
            List<StoredEvent> recent = read(storage, r -> r.events().recent(ROOM, 0, 2));
            List<StoredEvent> memberships = read(storage, r -> r.events().stateHistory(ROOM, "m.room.member",
                    ALICE.toString()));
            List<StoredEvent> noVisibility = read(storage, r -> r.events().stateHistory(ROOM,
                    "m.room.history_visibility", ""));

            assertThat(appended.get(1).streamOrdering()).isGreaterThan(appended.get(0).streamOrdering());
            assertThat(state).extracting(StoredEvent::eventId).containsExactly("$2");
            assertThat(left).containsExactly(ROOM);
            assertThat(recent).extracting(StoredEvent::eventId).containsExactly("$2", "$3");
            assertThat(memberships).extracting(StoredEvent::eventId).containsExactly("$1", "$2");
            assertThat(noVisibility).isEmpty();
            List<UserId> members = read(storage, r -> r.events().members(ROOM));
            Map<String, List<RoomId>> byMembership = read(storage, r -> r.events().roomsByMembership(ALICE));
            assertThat(members).containsExactly(ALICE);
            List<StoredEvent> atFirst = read(storage, r -> r.events().stateAt(ROOM,
                    appended.get(0).streamOrdering()));
            assertThat(atFirst).extracting(StoredEvent::eventId).containsExactly("$1");
            List<StoredEvent> atEnd = read(storage, r -> r.events().stateAt(ROOM, appended.get(2).streamOrdering()));
            assertThat(atEnd).extracting(StoredEvent::eventId).containsExactly("$2");
            assertThat(byMembership).containsOnlyKeys("leave");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void filtersToDeviceAndKeys_workAlike(String database) {
        try (var storage = open(database, "misc")) {
            long first = storage.write(r -> r.filters().create(ALICE, JsonObject.EMPTY));
            long second = storage.write(r -> r.filters().create(ALICE, JsonObject.EMPTY));
            storage.write(r -> {
                r.toDevice().enqueue(ALICE, PHONE, ALICE, "m.test", JsonObject.builder().put("n", 1).build());
                r.keys().addOneTimeKey(ALICE, PHONE, "signed_curve25519", "A", JsonObject.builder().put("key", "k")
                        .build());
                r.keys().putFallbackKey(ALICE, PHONE, "signed_curve25519", "F", JsonObject.EMPTY);
                return null;
            });
            var pending = read(storage, r -> r.toDevice().pending(ALICE, PHONE, 0, 10));
            Map<String, Long> counts = read(storage, r -> r.keys().oneTimeKeyCounts(ALICE, PHONE));
            var claimed = storage.write(r -> r.keys().claimOneTimeKey(ALICE, PHONE, "signed_curve25519"));
            var fallback = storage.write(r -> r.keys().claimOneTimeKey(ALICE, PHONE, "signed_curve25519")
                    .or(() -> r.keys().claimFallbackKey(ALICE, PHONE, "signed_curve25519")));
            List<String> unused = read(storage, r -> r.keys().unusedFallbackAlgorithms(ALICE, PHONE));

            assertThat(second).isEqualTo(first + 1);
            assertThat(pending).hasSize(1);
            assertThat(counts).containsEntry("signed_curve25519", 1L);
            assertThat(claimed.orElseThrow().keyId()).isEqualTo("signed_curve25519:A");
            assertThat(fallback.orElseThrow().keyId()).isEqualTo("signed_curve25519:F");
            assertThat(unused).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void readers_cannotWrite(String database) {
        try (var storage = open(database, "readonly")) {
            assertThatThrownBy(() -> storage.read(r -> r.users().create(new UserRecord(ALICE, Optional.empty(), 1,
                    false)))).isInstanceOf(dev.myelin.homeserver.storage.StorageException.class);
        }
    }

    /**
     * A /sync build reads the stream position, memberships, current state and timelines in separate statements: they
     * must all see one snapshot, or a room could show up with state and position out of step.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void read_seesOneSnapshotWhenAWriteCommitsBetweenItsStatements(String database) throws Exception {
        try (var storage = open(database, "snapshot")) {
            storage.write(r -> r.rooms().create(new dev.myelin.homeserver.storage.RoomRecord(ROOM, "10", ALICE, 1)));
            record Seen(long before, long after, List<StoredEvent> state, Map<String, List<RoomId>> rooms) {
            }
            Seen seen = storage.read(r -> {
                long before = r.events().maxPosition();
                Thread writer = Thread.ofVirtual().start(() -> storage.write(w -> w.events().append(
                        event("$join", "m.room.member", Optional.of(ALICE.toString()), "join"))));
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return new Seen(before, r.events().maxPosition(), r.events().currentState(ROOM),
                        r.events().roomsByMembership(ALICE));
            });
            long afterwards = read(storage, r -> r.events().maxPosition());

            assertThat(seen.after()).isEqualTo(seen.before());
            assertThat(seen.state()).isEmpty();
            assertThat(seen.rooms()).isEmpty();
            assertThat(afterwards).isGreaterThan(seen.before());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void authState_holdsTheRulesStateAndOnlyTheNamedMembers(String database) {
        try (var storage = open(database, "authState")) {
            storage.write(r -> {
                r.rooms().create(new dev.myelin.homeserver.storage.RoomRecord(ROOM, "10", ALICE, 1));
                r.events().append(event("$create", "m.room.create", Optional.of(""), "-"));
                r.events().append(event("$pl", "m.room.power_levels", Optional.of(""), "-"));
                r.events().append(event("$jr", "m.room.join_rules", Optional.of(""), "-"));
                r.events().append(event("$topic", "m.room.topic", Optional.of(""), "-"));
                r.events().append(event("$call", "org.matrix.msc3401.call.member", Optional.of("_@a:hs.test_D"), "-"));
                for (int i = 0; i < 50; i++) {
                    r.events().append(event("$m" + i, "m.room.member", Optional.of("@u" + i + ":hs.test"), "join"));
                }
                r.events().append(event("$m7again", "m.room.member", Optional.of("@u7:hs.test"), "leave"));
                return null;
            });

            List<String> one = read(storage, r -> r.events().authState(ROOM, List.of(UserId.parse("@u3:hs.test"))))
                    .stream().map(StoredEvent::eventId).toList();
            List<String> three = read(storage, r -> r.events().authState(ROOM, List.of(UserId.parse("@u7:hs.test"),
                    UserId.parse("@u9:hs.test"), UserId.parse("@nobody:hs.test")))).stream()
                    .map(StoredEvent::eventId).toList();

            assertThat(one).containsExactly("$create", "$pl", "$jr", "$m3");
            assertThat(three).containsExactly("$create", "$pl", "$jr", "$m9", "$m7again");
            assertThatThrownBy(() -> read(storage, r -> r.events().authState(ROOM, List.of())))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void membershipCountsAndMembersByAge_readTheCurrentMembershipsOnly(String database) {
        try (var storage = open(database, "members")) {
            storage.write(r -> {
                r.rooms().create(new dev.myelin.homeserver.storage.RoomRecord(ROOM, "10", ALICE, 1));
                r.events().append(event("$a", "m.room.member", Optional.of(ALICE.toString()), "join"));
                r.events().append(event("$b", "m.room.member", Optional.of("@bob:hs.test"), "invite"));
                r.events().append(event("$c", "m.room.member", Optional.of("@carol:hs.test"), "join"));
                r.events().append(event("$d", "m.room.member", Optional.of("@dan:hs.test"), "join"));
                r.events().append(event("$d2", "m.room.member", Optional.of("@dan:hs.test"), "leave"));
                r.events().append(event("$b2", "m.room.member", Optional.of("@bob:hs.test"), "join"));
                return null;
            });

            Map<String, Long> counts = read(storage, r -> r.events().membershipCounts(ROOM));
            List<UserId> present = read(storage, r -> r.events().membersByAge(ROOM, ALICE, true, 5));
            List<UserId> any = read(storage, r -> r.events().membersByAge(ROOM, ALICE, false, 2));

            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("join", 3L, "leave", 1L));
            // Bob's membership is now the newest: carol, then bob.
            assertThat(present).containsExactly(UserId.parse("@carol:hs.test"), UserId.parse("@bob:hs.test"));
            assertThat(any).containsExactly(UserId.parse("@carol:hs.test"), UserId.parse("@dan:hs.test"));
        }
    }

    private static StoredEvent event(String id, String type, Optional<String> stateKey, String membership) {
        return new StoredEvent(0, id, ROOM, type, stateKey, ALICE, 1, 1, JsonObject.builder()
                .put("content", JsonObject.builder().put("membership", membership).build()).build());
    }
}
