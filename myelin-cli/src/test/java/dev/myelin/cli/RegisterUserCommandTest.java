package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.protocol.id.ServerName;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterUserCommandTest {
    @TempDir
    Path dir;

    @Test
    void registerUser_createsAnAccountThatCanLogInOnAClosedServer() throws Exception {
        Path passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, "s3cret\n");
        Path data = dir.resolve("data");

        int created = Main.run("register-user", "alice", "--password-file", passwordFile.toString(), "--data",
                data.toString(), "--server-name", "closed.test");
        int again = Main.run("register-user", "alice", "--password-file", passwordFile.toString(), "--data",
                data.toString(), "--server-name", "closed.test");

        assertThat(created).isZero();
        assertThat(again).isEqualTo(1);
        var config = HomeserverConfig.builder(ServerName.of("closed.test"), data)
                .listen(new InetSocketAddress("0.0.0.0", 0)).build();
        assertThat(config.registrationEnabled()).isFalse();
        try (var server = Homeserver.start(config)) {
            URI login = URI.create("http://127.0.0.1:" + server.port() + "/_matrix/client/v3/login");
            var connection = (HttpURLConnection) login.toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.getOutputStream().write("""
                    {"type":"m.login.password","identifier":{"type":"m.id.user","user":"alice"},"password":"s3cret"}"""
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(connection.getResponseCode()).isEqualTo(200);
            try (var in = connection.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("@alice:closed.test");
            }
        }
    }

    @Test
    void missingPasswordOrBadName_isAUsageError() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "x\n");

        assertThat(Main.run("register-user", "bob", "--password-file", empty.toString(), "--data",
                dir.resolve("d").toString())).isEqualTo(2);
        assertThat(Main.run("register-user", "no spaces", "--password-file", pw.toString(), "--data",
                dir.resolve("d").toString())).isEqualTo(1);
    }
}
