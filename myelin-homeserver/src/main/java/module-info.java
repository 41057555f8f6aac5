/** The Matrix homeserver: Client-Server API on Jetty 12 core handlers and virtual threads, SQLite storage. */
module dev.myelin.homeserver {
    requires transitive dev.myelin.protocol;
    requires dev.myelin.crypto;
    requires dev.myelin.crypto.openssl;
    requires dev.myelin.authservice;
    requires java.sql;
    requires org.eclipse.jetty.server;
    requires org.slf4j;
    requires org.xerial.sqlitejdbc;
    requires org.postgresql.jdbc;

    exports dev.myelin.homeserver;
}
