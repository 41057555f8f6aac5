package dev.myelin.homeserver.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void statements_splitOnSemicolonsAtLineEndsAndDropComments() {
        var statements = Migrations.statements("""
                -- a comment
                CREATE TABLE a (
                    x TEXT -- inline stays
                );

                CREATE INDEX i ON a (x);
                """);

        assertThat(statements).containsExactly("CREATE TABLE a (\n    x TEXT -- inline stays\n)",
                "CREATE INDEX i ON a (x)");
    }

    @Test
    void bothDialects_haveTheSameMigrationNamesInOrder() {
        var sqlite = Migrations.load(Dialect.SQLITE).stream().map(Migrations.Migration::name).toList();
        var postgres = Migrations.load(Dialect.POSTGRESQL).stream().map(Migrations.Migration::name).toList();

        assertThat(sqlite).isNotEmpty().isEqualTo(postgres);
    }
}
