package dev.myelin.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FrameBenchReportTest {

    @Test
    void print_rowWithBothOpenSslFigures_showsCpuAndWallRatios() {
        var buffer = new ByteArrayOutputStream();
        // 1200 B twice in 1.2 µs of CPU = 2000 MB/s, in 2.4 µs of wall clock = 1000 MB/s
        var row = new FrameBenchReport.Row("SFRAME_4", "openssl", 1200, 2.4, 1.2, 0.0);
        var openssl = new FrameBenchReport.OpenSslSpeed(OptionalDouble.of(2500), OptionalDouble.of(500));

        FrameBenchReport.print(new PrintStream(buffer, true, StandardCharsets.UTF_8), List.of(row),
                Map.of(1200, openssl));

        String line = buffer.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("SFRAME_4"))
                .findFirst().orElseThrow();
        assertThat(line.trim().split("\\s+")).containsExactly("SFRAME_4", "openssl", "1200", "2.40", "1.20", "0.0",
                "2000", "2500", "1000", "500", "0.80", "2.00");
    }

    @Test
    void print_withoutOpenSsl_saysNotAvailable() {
        var buffer = new ByteArrayOutputStream();
        var row = new FrameBenchReport.Row("LIVEKIT", "jdk", 80, 1.0, 0.8, 2184.0);

        FrameBenchReport.print(new PrintStream(buffer, true, StandardCharsets.UTF_8), List.of(row), Map.of());

        String line = buffer.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("LIVEKIT"))
                .findFirst().orElseThrow();
        assertThat(line).endsWith("n/a    n/a");
        assertThat(line).contains("2184.0");
    }

    @Test
    void print_ctrHmacSuite_hasNoRatioAgainstAesGcm() {
        var buffer = new ByteArrayOutputStream();
        var row = new FrameBenchReport.Row("SFRAME_1", "openssl", 1200, 3.0, 2.0, 0.0);
        var openssl = new FrameBenchReport.OpenSslSpeed(OptionalDouble.of(2500), OptionalDouble.of(500));

        FrameBenchReport.print(new PrintStream(buffer, true, StandardCharsets.UTF_8), List.of(row),
                Map.of(1200, openssl));

        String line = buffer.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("SFRAME_1"))
                .findFirst().orElseThrow();
        assertThat(line.trim().split("\\s+")).containsExactly("SFRAME_1", "openssl", "1200", "3.00", "2.00", "0.0",
                "1200", "n/a", "800", "n/a", "n/a", "n/a");
    }
}
