package dev.myelin.homeserver.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.homeserver.storage.DeviceRecord;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StorageException;
import dev.myelin.homeserver.storage.TokenOwner;
import dev.myelin.homeserver.storage.UserRecord;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest {
    private static final UserId ALICE = UserId.parse("@alice:hs.test");
    private static final DeviceId PHONE = DeviceId.of("PHONE");

    @TempDir
    Path dir;

    private Storage open() {
        return SqliteStorage.open(dir.resolve("test.db"), 2, 1_000);
    }

    @Test
    void committedWrites_surviveReopening() {
        try (var storage = open()) {
            storage.write(r -> {
                r.users().create(new UserRecord(ALICE, Optional.of("hash"), 1, false));
                r.devices().createIfAbsent(new DeviceRecord(ALICE, PHONE, Optional.of("Phone"), 2));
                r.accessTokens().create("tokenhash", ALICE, PHONE, 3);
                return null;
            });
        }
        try (var storage = open()) {
            Optional<UserRecord> user = storage.read(r -> r.users().find(ALICE));
            Optional<TokenOwner> owner = storage.read(r -> r.accessTokens().find("tokenhash"));
            List<DeviceRecord> devices = storage.read(r -> r.devices().list(ALICE));

            assertThat(user.orElseThrow().passwordHash()).hasValue("hash");
            assertThat(owner).hasValue(new TokenOwner(ALICE, PHONE));
            assertThat(devices).extracting(DeviceRecord::displayName).containsExactly(Optional.of("Phone"));
        }
    }

    @Test
    void failingWork_rollsBackEverythingItWrote() {
        try (var storage = open()) {
            assertThatThrownBy(() -> storage.write(r -> {
                r.users().create(new UserRecord(ALICE, Optional.empty(), 1, false));
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            Optional<UserRecord> user = storage.read(r -> r.users().find(ALICE));
            assertThat(user).isEmpty();
        }
    }

    @Test
    void creatingATakenUserId_returnsFalseAndKeepsTheFirst() {
        try (var storage = open()) {
            boolean first = storage.write(r -> r.users().create(new UserRecord(ALICE, Optional.of("a"), 1, false)));
            boolean second = storage.write(r -> r.users().create(new UserRecord(ALICE, Optional.of("b"), 2, false)));

            assertThat(first).isTrue();
            assertThat(second).isFalse();
            assertThat(storage.read(r -> r.users().find(ALICE)).orElseThrow().passwordHash()).hasValue("a");
        }
    }

    @Test
    void deletingADevice_deletesItsTokens() {
        try (var storage = open()) {
            storage.write(r -> {
                r.users().create(new UserRecord(ALICE, Optional.empty(), 1, false));
                r.devices().createIfAbsent(new DeviceRecord(ALICE, PHONE, Optional.empty(), 2));
                r.accessTokens().create("t1", ALICE, PHONE, 3);
                r.accessTokens().create("t2", ALICE, PHONE, 3);
                return null;
            });

            boolean deleted = storage.write(r -> r.devices().delete(ALICE, PHONE));

            assertThat(deleted).isTrue();
            Optional<TokenOwner> first = storage.read(r -> r.accessTokens().find("t1"));
            Optional<TokenOwner> second = storage.read(r -> r.accessTokens().find("t2"));
            assertThat(first).isEmpty();
            assertThat(second).isEmpty();
        }
    }

    @Test
    void readers_cannotWrite() {
        try (var storage = open()) {
            assertThatThrownBy(() -> storage.read(r -> r.users().create(new UserRecord(ALICE, Optional.empty(), 1,
                    false)))).isInstanceOf(StorageException.class);
        }
    }

    @Test
    void nestedWrite_isRefused() {
        try (var storage = open()) {
            assertThatThrownBy(() -> storage.write(r -> storage.write(inner -> null)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void database_isInWalModeWithSchemaVersionRecorded() throws Exception {
        open().close();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
                var statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("PRAGMA journal_mode")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (var rows = statement.executeQuery("SELECT count(*) FROM schema_migrations")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(Migrations.load(Dialect.SQLITE).size());
            }
        }
    }

    @Test
    void editedMigration_stopsStartUp() throws Exception {
        open().close();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
                var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1");
        }

        assertThatThrownBy(this::open).isInstanceOf(StorageException.class).hasMessageContaining("differs");
    }

    @Test
    void databaseNewerThanThisBuild_stopsStartUp() throws Exception {
        open().close();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
                var statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO schema_migrations VALUES (999, 'V999__future.sql', 'x', 0)");
        }

        assertThatThrownBy(this::open).isInstanceOf(StorageException.class).hasMessageContaining("newer");
    }
}
