package dev.myelin.homeserver.storage.jdbc;

/** The SQL dialects Myelin stores in. DML is shared; DDL lives in one migration folder per dialect. */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** Folder of this dialect's migrations, beside {@link Migrations}. */
    String migrationFolder() {
        return "migrations/" + folder + "/";
    }
}
