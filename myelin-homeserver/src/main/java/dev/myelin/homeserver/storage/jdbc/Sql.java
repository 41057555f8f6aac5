package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Thin helpers over one connection: bind positional parameters, map rows, turn SQLException into StorageException.
 * Prepared statements are kept per connection and reused (SQLite compiles each one anew otherwise, a good share of a
 * woken {@code /sync}'s cost); one thread at a time uses a connection, so the cache needs no locking.
 */
final class Sql {
    /** Distinct statements kept; the SQL is all constant text, so this is never reached in practice. */
    private static final int MAX_CACHED = 512;
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > MAX_CACHED) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    Sql(Connection connection) {
        this.connection = connection;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    int update(String sql, Object... parameters) {
        try {
            return prepare(sql, parameters).executeUpdate();
        } catch (SQLException e) {
            forget(sql);
            throw new StorageException("update failed: " + firstWords(sql), e);
        }
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... parameters) {
        try (ResultSet rows = prepare(sql, parameters).executeQuery()) {
            var result = new ArrayList<T>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            forget(sql);
            throw new StorageException("query failed: " + firstWords(sql), e);
        }
    }

    /** A statement that failed is not reused: its state is unknown. */
    private void forget(String sql) {
        PreparedStatement statement = statements.remove(sql);
        if (statement != null) {
            closeQuietly(statement);
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // Dropping a cached statement: nothing else to do.
        }
    }

    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... parameters) {
        List<T> rows = list(sql, mapper, parameters);
        if (rows.size() > 1) {
            throw new StorageException("expected at most one row: " + firstWords(sql));
        }
        return rows.stream().findFirst();
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            switch (value) {
                case null -> statement.setObject(i + 1, null);
                case String s -> statement.setString(i + 1, s);
                case Long l -> statement.setLong(i + 1, l);
                case Integer n -> statement.setInt(i + 1, n);
                case Boolean b -> statement.setBoolean(i + 1, b);
                default -> throw new IllegalArgumentException("unsupported SQL parameter type " + value.getClass());
            }
        }
        return statement;
    }

    private static String firstWords(String sql) {
        return sql.length() <= 60 ? sql : sql.substring(0, 60) + "…";
    }
}
