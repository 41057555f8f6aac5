package dev.myelin.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.bench.OlmBenchReport.Operation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OlmBenchReportTest {

    private static String printed(Map<Operation, Double> java, Map<Operation, Double> libolm) {
        var buffer = new ByteArrayOutputStream();
        OlmBenchReport.print(new PrintStream(buffer, true, StandardCharsets.UTF_8), java, libolm);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static Map<Operation, Double> every(double micros) {
        var map = new EnumMap<Operation, Double>(Operation.class);
        for (Operation operation : Operation.values()) {
            map.put(operation, micros);
        }
        return map;
    }

    @Test
    void print_withBothColumns_givesEachOperationItsTimesRatesAndRatio() {
        String out = printed(every(10.0), every(40.0));

        assertThat(out).contains("Java µs/op", "libolm op/s", "Java/libolm");
        for (Operation operation : Operation.values()) {
            assertThat(out.lines().filter(line -> line.startsWith(operation.label)))
                    .singleElement().asString()
                    .matches(".*\\s10\\.0\\s+100000\\s+40\\.0\\s+25000\\s+0\\.25$");
        }
    }

    @Test
    void print_withoutLibolm_leavesItsColumnsAndTheRatioNotAvailable() {
        String out = printed(every(2.5), Map.of());

        assertThat(out.lines().filter(line -> line.startsWith("Megolm decrypt")))
                .singleElement().asString().matches(".*\\s2\\.5\\s+400000\\s+n/a\\s+n/a\\s+n/a$");
    }

    @Test
    void parse_readsOneTimingPerLine() {
        assertThat(LibolmBaseline.parse("olm.encrypt.prekey 63.677\nmegolm.decrypt 374.193\n"))
                .containsExactly(Map.entry("olm.encrypt.prekey", 63.677), Map.entry("megolm.decrypt", 374.193));
    }

    @Test
    void parse_rejectsLinesOfAnotherShape() {
        assertThatThrownBy(() -> LibolmBaseline.parse("olm.session 12.5 extra"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LibolmBaseline.parse("olm.session fast"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LibolmBaseline.parse("olm.session -1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timingScript_inATinyRun_timesEveryOperationTheTableShows() {
        LibolmBaseline.Outcome outcome = LibolmBaseline.measure(OlmBenchReport.SYSTEM_PYTHON, 1, 3);

        assertThat(outcome).as("python3-olm under /usr/bin/python3 (.ci/run installs it)")
                .isInstanceOf(LibolmBaseline.Timings.class);
        assertThat(((LibolmBaseline.Timings) outcome).microsByOperation().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Operation.values()).map(o -> o.libolmName).distinct().toList());
    }

    @Test
    void measure_withoutPython_explainsWhyThereIsNoLibolmColumn() {
        LibolmBaseline.Outcome outcome = LibolmBaseline.measure(Path.of("/nonexistent/python3"), 1, 3);

        assertThat(outcome).isInstanceOfSatisfying(LibolmBaseline.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("/nonexistent/python3 not found",
                        "python3-olm"));
    }

    @Test
    void measure_whenPythonLacksOlm_saysToInstallPython3Olm(@TempDir Path folder) throws Exception {
        Path python = folder.resolve("python3");
        Files.writeString(python, "#!/bin/sh\necho \"missing python3-olm: No module named 'olm'\" >&2\nexit 3\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));

        LibolmBaseline.Outcome outcome = LibolmBaseline.measure(python, 1, 3);

        assertThat(outcome).isInstanceOfSatisfying(LibolmBaseline.Unavailable.class,
                unavailable -> assertThat(unavailable.reason()).contains("python3-olm is not installed",
                        "No module named 'olm'", "apt-get install python3-olm"));
    }

    @Test
    void run_inATinyInProcessRun_printsAJavaFigureForEveryOperation() throws Exception {
        var settings = new OlmBenchReport.Settings(0, 1, Duration.ofMillis(50), 0, 1, 2,
                Path.of("/nonexistent/python3"));
        var buffer = new ByteArrayOutputStream();

        int status = OlmBenchReport.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), settings);

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        assertThat(out).doesNotContain("No Java figure").contains("No libolm column: /nonexistent/python3 not found");
        for (Operation operation : Operation.values()) {
            assertThat(out.lines().filter(line -> line.startsWith(operation.label)))
                    .singleElement().asString().matches(".*\\s\\d+\\.\\d\\s+\\d+\\s+n/a\\s+n/a\\s+n/a$");
        }
    }
}
