package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void help_listsTheCommands() {
        var out = captureStdout(() -> assertThat(Main.run("--help")).isZero());

        assertThat(out).contains("Usage: myelin", "up", "test");
    }

    @Test
    void version_namesMyelinAndTheJava() {
        var out = captureStdout(() -> assertThat(Main.run("--version")).isZero());

        assertThat(out).startsWith("myelin 0.").contains("Java 25");
    }

    @Test
    void upWithAnUnsupportedDatabaseUrl_isAUsageError() {
        assertThat(Main.run("up", "--database", "mysql://u:p@127.0.0.1:3306/db")).isEqualTo(UpCommand.USAGE);
    }

    @Test
    void unknownCommand_isAUsageError() {
        assertThat(Main.run("frobnicate")).isEqualTo(2);
    }

    @Test
    void everyCommand_answersHelpEvenWithoutItsRequiredOptions() {
        for (String command : new String[] {"up", "join", "auth-service", "register-user", "bench"}) {
            var out = captureStdout(() -> assertThat(Main.run(command, "--help")).as(command).isZero());

            assertThat(out).as(command).contains("Usage: myelin " + command);
        }
    }

    private static String captureStdout(Runnable action) {
        PrintStream original = System.out;
        var buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
