package dev.myelin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RoomSyncBenchReportTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void run_withTwentyMembers_wakesEveryPollWithTheEventAndPrintsEachFigure() throws Exception {
        var buffer = new ByteArrayOutputStream();

        int status = RoomSyncBenchReport.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), 20);

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).containsPattern("members \\(one device, one parked /sync each\\)\\s+20\\n")
                .containsPattern("polls that carried the event\\s+20\\n")
                .containsPattern("wake-up latency p50 \\(ms\\)\\s+\\d+\\.\\d\\n")
                .containsPattern("wake-up latency p99 \\(ms\\)\\s+\\d+\\.\\d\\n")
                .containsPattern("fan-out: send to last poll back \\(ms\\)\\s+\\d+\\n");
    }

    @Test
    void result_percentilesAreNearestRank() {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (i + 1) * 1_000_000L;
        }
        var result = new RoomSyncBenchReport.Result(100, Duration.ofSeconds(1), latencies, 100,
                Duration.ofMillis(500));

        assertThat(result.wakeMillis(0.50)).isEqualTo(50.0);
        assertThat(result.wakeMillis(0.99)).isEqualTo(99.0);
        assertThat(result.wakeMillis(1.0)).isEqualTo(100.0);
    }

    @Test
    void run_refusesFewerThanTwoMembers() {
        var buffer = new ByteArrayOutputStream();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoomSyncBenchReport.run(
                new PrintStream(buffer, true, StandardCharsets.UTF_8), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
