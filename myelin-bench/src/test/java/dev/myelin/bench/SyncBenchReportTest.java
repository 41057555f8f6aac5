package dev.myelin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SyncBenchReportTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void run_withTwentyUsers_deliversEveryMessageAndPrintsEachFigure() throws Exception {
        var buffer = new ByteArrayOutputStream();

        int status = SyncBenchReport.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), 20);

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).containsPattern("users \\(one device, one parked /sync each\\)\\s+20\\n")
                .containsPattern("to-device messages delivered\\s+20\\n")
                .containsPattern("heap after GC, all polls parked \\(MiB\\)\\s+\\d+\\.\\d\\n")
                .containsPattern("wake-up latency p50 \\(ms\\)\\s+\\d+\\.\\d\\n")
                .containsPattern("wake-up latency p99 \\(ms\\)\\s+\\d+\\.\\d\\n")
                .containsPattern("to-device fan-out \\(messages/s\\)\\s+[1-9]\\d*\\n");
    }

    @Test
    void result_percentilesAreNearestRank_andThroughputCountsDeliveredMessages() {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (i + 1) * 1_000_000L;
        }
        var result = new SyncBenchReport.Result(100, Duration.ofSeconds(1), 10 << 20, 20 << 20, latencies, 100,
                Duration.ofMillis(500));

        assertThat(result.wakeMillis(0.50)).isEqualTo(50.0);
        assertThat(result.wakeMillis(0.99)).isEqualTo(99.0);
        assertThat(result.messagesPerSecond()).isEqualTo(200.0);
        assertThat(result.parkedBytesPerPoll()).isEqualTo((10L << 20) / 100);
    }
}
