package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void benchKeys_printsBothPoliciesForEachSizeAndChurnRate() {
        PrintStream original = System.out;
        var buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.run("bench", "keys", "--members", "4,6", "--churn", "4");
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);

        assertThat(status).isZero();
        assertThat(out).contains("churn every 3000 ms", "churn every 300 ms", "msgs/change", "blackout/pair");
        assertThat(out.lines().filter(line -> line.startsWith("js-sdk 43")).count()).isEqualTo(4);
        assertThat(out.lines().filter(line -> line.startsWith("myelin ")).count()).isEqualTo(4);
    }

    @Test
    void benchKeys_rejectsSizesOutsideTheSimulatorsRange() {
        assertThat(Main.run("bench", "keys", "--members", "1")).isEqualTo(2);
    }

    @Test
    void benchAuth_rejectsClientCountsAndDurationsOutOfBounds() {
        assertThat(Main.run("bench", "auth", "--clients", "0")).isEqualTo(2);
        assertThat(Main.run("bench", "auth", "--clients", "1,5000")).isEqualTo(2);
        assertThat(Main.run("bench", "auth", "--seconds", "0")).isEqualTo(2);
    }

    @Test
    void benchSync_rejectsUserCountsOutOfBounds() {
        assertThat(Main.run("bench", "sync", "--users", "0")).isEqualTo(2);
        assertThat(Main.run("bench", "sync", "--users", "8001")).isEqualTo(2);
    }

    @Test
    void benchRoom_rejectsMemberCountsOutOfBounds() {
        assertThat(Main.run("bench", "room", "--members", "1")).isEqualTo(2);
        assertThat(Main.run("bench", "room", "--members", "5001")).isEqualTo(2);
    }

    @Test
    void benchDelayed_rejectsCountsOutOfBounds() {
        assertThat(Main.run("bench", "delayed", "--events", "5")).isEqualTo(2);
        assertThat(Main.run("bench", "delayed", "--restarts", "-1")).isEqualTo(2);
        assertThat(Main.run("bench", "delayed", "--seconds", "0")).isEqualTo(2);
    }

    @Test
    void benchOlm_rejectsUnknownOptions() {
        assertThat(Main.run("bench", "olm", "--fast")).isEqualTo(2);
    }

    @Test
    void bench_withoutSuiteIsAUsageError() {
        assertThat(Main.run("bench")).isEqualTo(2);
    }
}
