package dev.myelin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AuthBenchReportTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void run_withTwoClientCountsForAFewHundredMillis_printsARowEachWithoutErrors() throws Exception {
        var buffer = new ByteArrayOutputStream();

        int status = AuthBenchReport.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), List.of(1, 3),
                Duration.ofMillis(200), Duration.ofMillis(300));

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).contains("clients", "req/s", "p50 ms", "p99 ms", "errors");
        List<String> rows = out.lines().filter(line -> line.matches("\\s+\\d+\\s+\\d+\\.\\d.*")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).matches("\\s+1\\s+\\d+\\.\\d\\s+[1-9]\\d*\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+0");
        assertThat(rows.get(1)).matches("\\s+3\\s+\\d+\\.\\d\\s+[1-9]\\d*\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+0");
        // Three users, each validated once with the homeserver; every later request hit the cache.
        assertThat(out).contains("Homeserver userinfo lookups: 3 ");
    }

    @Test
    void level_percentilesAreNearestRank() {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (i + 1) * 1_000_000L;
        }
        var level = new AuthBenchReport.Level(4, Duration.ofSeconds(2), latencies, 0);

        assertThat(level.percentileMillis(0.50)).isEqualTo(50.0);
        assertThat(level.percentileMillis(0.99)).isEqualTo(99.0);
        assertThat(level.percentileMillis(1.0)).isEqualTo(100.0);
        assertThat(level.requestsPerSecond()).isEqualTo(50.0);
    }

    @Test
    void getTokenBody_namesTheUsersTokenAndServer() {
        assertThat(AuthBenchReport.getTokenBody("127.0.0.1:8448", 7))
                .contains("\"access_token\":\"token-7\"", "\"matrix_server_name\":\"127.0.0.1:8448\"",
                        "\"claimed_user_id\":\"@user7:127.0.0.1:8448\"");
    }
}
