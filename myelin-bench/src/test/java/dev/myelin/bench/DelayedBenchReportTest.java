package dev.myelin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DelayedBenchReportTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void run_small_firesEveryEventAndPrintsEachFigure() throws Exception {
        var buffer = new ByteArrayOutputStream();

        int status = DelayedBenchReport.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), 50, 20,
                Duration.ofSeconds(1), Optional.empty());

        String out = buffer.toString(StandardCharsets.UTF_8);
        // The scheduled count is the server's own: a set-up that scheduled fewer than asked shows there.
        assertThat(status).isZero();
        assertThat(out).containsPattern("delayed events scheduled\\s+50\\n")
                .containsPattern("fired in the window \\(sent / expected\\)\\s+10 / 10\\n")
                .containsPattern("restarts answered 200 \\(per s\\)\\s+\\d+\\n")
                .containsPattern("restarts failed\\s+0\\n")
                .containsPattern("fire lateness p50 \\(ms\\)\\s+\\d+\\n")
                .containsPattern("fire lateness p99 \\(ms\\)\\s+\\d+\\n")
                .containsPattern("Verdict: p99 [<>=]+ 50 ms");
    }

    @Test
    void result_percentilesAreNearestRank_andRestartRateCountsAnsweredOnes() {
        long[] lateness = new long[100];
        for (int i = 0; i < 100; i++) {
            lateness[i] = i + 1;
        }
        var result = new DelayedBenchReport.Result(500, 100, lateness, 2_000, 0, Duration.ofSeconds(2),
                Duration.ofSeconds(1), "SQLite");

        assertThat(result.lateness(0.50)).isEqualTo(50.0);
        assertThat(result.lateness(0.99)).isEqualTo(99.0);
        assertThat(result.lateness(1.0)).isEqualTo(100.0);
        assertThat(result.restartsPerSecond()).isEqualTo(1_000.0);
    }
}
