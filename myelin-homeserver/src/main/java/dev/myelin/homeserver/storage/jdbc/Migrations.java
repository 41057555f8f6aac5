package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small versioned migration runner. Each dialect folder holds {@code index} (one file name per line, in order) and
 * files named {@code V<n>__<what>.sql}; version n must be line n. Applied migrations are recorded with a SHA-256 of
 * their text: an edited migration, or a database newer than this build, stops start-up rather than guessing.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");

    private Migrations() {
    }

    record Migration(int version, String name, String sql, String checksum) {
    }

    /** Brings the schema up to date; each migration commits on its own. Returns how many were applied. */
    public static int apply(Connection connection, Dialect dialect, long nowMillis) {
        List<Migration> migrations = load(dialect);
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                        + "name TEXT NOT NULL, checksum TEXT NOT NULL, applied_ts BIGINT NOT NULL)");
                connection.commit();
                List<String[]> applied = new ArrayList<>();
                try (var rows = statement.executeQuery(
                        "SELECT version, name, checksum FROM schema_migrations ORDER BY version")) {
                    while (rows.next()) {
                        applied.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
                    }
                }
                verifyApplied(applied, migrations);
                int count = 0;
                for (Migration migration : migrations.subList(applied.size(), migrations.size())) {
                    run(connection, migration, nowMillis);
                    count++;
                }
                return count;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StorageException("database migration failed", e);
        }
    }

    private static void verifyApplied(List<String[]> applied, List<Migration> migrations) {
        if (applied.size() > migrations.size()) {
            throw new StorageException("the database schema is at version " + applied.size()
                    + ", newer than this Myelin knows (" + migrations.size() + "); use a newer Myelin");
        }
        for (int i = 0; i < applied.size(); i++) {
            Migration known = migrations.get(i);
            String[] row = applied.get(i);
            if (Integer.parseInt(row[0]) != known.version() || !row[2].equals(known.checksum())) {
                throw new StorageException("applied migration " + row[1] + " differs from " + known.name()
                        + " in this build; refusing to start");
            }
        }
    }

    private static void run(Connection connection, Migration migration, long nowMillis) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(migration.sql())) {
                statement.execute(sql);
            }
            try (var insert = connection.prepareStatement(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_ts) VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, migration.version());
                insert.setString(2, migration.name());
                insert.setString(3, migration.checksum());
                insert.setLong(4, nowMillis);
                insert.executeUpdate();
            }
            connection.commit();
            LOG.info("applied database migration {}", migration.name());
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Splits on ';' at the end of a line; "--" comment lines are dropped. Enough for our own DDL files. */
    static List<String> statements(String sql) {
        var result = new ArrayList<String>();
        var current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                result.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().strip());
        }
        return result;
    }

    static List<Migration> load(Dialect dialect) {
        String folder = dialect.migrationFolder();
        var result = new ArrayList<Migration>();
        String index = resource(folder + "index");
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) != result.size() + 1) {
                throw new IllegalStateException("migration " + name + " is misnamed or out of order in " + folder);
            }
            String sql = resource(folder + name);
            result.add(new Migration(result.size() + 1, name, sql, sha256(sql)));
        }
        return List.copyOf(result);
    }

    private static String resource(String path) {
        try (InputStream in = Migrations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration resource " + path, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
