package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {
    @TempDir
    Path dir;

    @Test
    void unreachablePostgresql_failsToStart_withoutEchoingThePassword() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "postgresql://myelin:hunter2@127.0.0.1:" + port + "/myelin";

        var err = captureStderr(() -> assertThat(Main.run("up", "--database", url, "--data",
                dir.toString())).isEqualTo(UpCommand.START_FAILED));

        assertThat(err).contains("could not start").contains("PostgreSQL").doesNotContain("hunter2");
    }

    @Test
    void livekitUrlWithoutKeyAndSecret_failsWithTheAuthServicesOwnError() {
        var up = new UpCommand();
        up.data = dir;

        var err = captureStderr(() -> assertThat(up.run(java.util.Map.of("LIVEKIT_URL", "ws://127.0.0.1:7880")))
                .isEqualTo(UpCommand.START_FAILED));

        assertThat(err).startsWith("myelin up: LiveKit authorization service: ");
    }

    @Test
    void databaseUrlWithoutADatabaseName_isAUsageError() {
        var err = captureStderr(() -> assertThat(Main.run("up", "--database",
                "postgresql://myelin:hunter2@127.0.0.1:5432")).isEqualTo(UpCommand.USAGE));

        assertThat(err).doesNotContain("hunter2");
    }

    @Test
    void badListenOrServerName_isAUsageError() {
        assertThat(Main.run("up", "--listen", "127.0.0.1")).isEqualTo(2);
        assertThat(Main.run("up", "--listen", "127.0.0.1:70000")).isEqualTo(2);
        assertThat(Main.run("up", "--server-name", "bad name", "--data", dir.toString())).isEqualTo(2);
    }

    @Test
    void configFile_suppliesSettingsThatOptionsOverride() throws Exception {
        Path config = dir.resolve("myelin.json");
        Files.writeString(config, """
                {"listen": "0.0.0.0:9000", "server_name": "example.org", "enable_registration": true,
                 "livekit_service_url": "https://example.org/livekit/jwt"}
                """);

        var settings = UpSettings.resolve(Optional.of("127.0.0.1:0"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(config));

        assertThat(settings.listen().getPort()).isZero();
        assertThat(settings.serverName()).isEqualTo("example.org");
        assertThat(settings.registration()).hasValue(true);
        assertThat(settings.livekitServiceUrl()).hasValue(URI.create("https://example.org/livekit/jwt"));
        assertThat(settings.publicBaseUrl()).isEmpty();
    }

    @Test
    void configFileRateLimits_replaceTheirDefaults_andBadOnesAreUsageErrors() throws Exception {
        Path config = dir.resolve("limits.json");
        Files.writeString(config, """
                {"rate_limits": {"login_per_address": {"per_second": 0.5, "burst": 20},
                                 "messages": {"per_second": 2, "burst": 40}}}
                """);
        Path bad = dir.resolve("bad-limits.json");
        Files.writeString(bad, "{\"rate_limits\": {\"registration_per_address\": {\"per_second\": 0, \"burst\": 3}}}");

        var settings = UpSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(config));

        assertThat(settings.authRateLimits().loginPerAddress())
                .isEqualTo(new dev.myelin.homeserver.RateLimit(0.5, 20));
        assertThat(settings.authRateLimits().registrationPerAddress())
                .isEqualTo(dev.myelin.homeserver.AuthRateLimits.DEFAULT.registrationPerAddress());
        assertThat(settings.messageRateLimit()).isEqualTo(new dev.myelin.homeserver.RateLimit(2, 40));
        assertThatThrownBy(() -> UpSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(bad))).isInstanceOf(UpSettings.UsageError.class)
                .hasMessageContaining("registration_per_address");
    }

    @Test
    void configFileXForwarded_trustsTheProxyHeaderOnlyWhenSet() throws Exception {
        Path proxied = dir.resolve("proxied.json");
        Files.writeString(proxied, "{\"x_forwarded\": true}");
        Path wrong = dir.resolve("wrong-x-forwarded.json");
        Files.writeString(wrong, "{\"x_forwarded\": \"yes\"}");

        var behindProxy = UpSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(proxied));
        var direct = UpSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThat(behindProxy.trustForwardedFor()).isTrue();
        assertThat(direct.trustForwardedFor()).isFalse();
        assertThatThrownBy(() -> UpSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(wrong))).isInstanceOf(UpSettings.UsageError.class)
                .hasMessageContaining("x_forwarded");
    }

    @Test
    void configFileWithUnknownKey_isAUsageError() throws Exception {
        Path config = dir.resolve("myelin.json");
        Files.writeString(config, "{\"listne\": \"x\"}");

        assertThatThrownBy(() -> UpSettings.resolve(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(config))).isInstanceOf(UpSettings.UsageError.class)
                .hasMessageContaining("listne");
    }

    @Test
    void up_printsOneReadyLineServesRequestsAndStopsOnSigterm() throws Exception {
        Process process = startUp("--listen", "127.0.0.1:0", "--data", dir.resolve("data").toString());
        try {
            var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(60, TimeUnit.SECONDS);

            assertThat(ready).matches("myelin ready: http://127\\.0\\.0\\.1:\\d+");
            URI base = URI.create(ready.substring("myelin ready: ".length()));
            var connection = (HttpURLConnection) base.resolve("/_matrix/client/versions").toURL().openConnection();
            assertThat(connection.getResponseCode()).isEqualTo(200);
            try (var in = connection.getInputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"versions\"");
            }

            // Process.destroy() would also close our ends of its pipes; the handle only sends SIGTERM.
            assertThat(process.toHandle().destroy()).isTrue();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            List<String> rest = stdout.lines().toList();
            assertThat(rest).as("stdout after the ready line").isEmpty();
            assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("myelin: stopped");
            assertThat(dir.resolve("data").resolve("homeserver.db")).exists();
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs {@code myelin up} in its own JVM, as the launcher does, so SIGTERM reaches a real process. */
    private static Process startUp(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = Stream.of(System.getProperty("java.class.path", ""), System.getProperty("jdk.module.path", ""))
                .filter(s -> !s.isEmpty()).reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        var command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                "dev.myelin.cli.Main", "up"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static String captureStderr(Runnable action) {
        PrintStream original = System.err;
        var buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
