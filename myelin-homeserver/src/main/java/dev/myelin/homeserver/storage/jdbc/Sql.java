package dev.myelin.homeserver.storage.jdbc;

import dev.myelin.homeserver.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Thin helpers over one connection: bind positional parameters, map rows, turn SQLException into StorageException. */
final class Sql {
    private final Connection connection;

    Sql(Connection connection) {
        this.connection = connection;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    int update(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("update failed: " + firstWords(sql), e);
        }
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
            var result = new ArrayList<T>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new StorageException("query failed: " + firstWords(sql), e);
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
        PreparedStatement statement = connection.prepareStatement(sql);
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
