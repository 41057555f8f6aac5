package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthServiceCommandTest {
    @Test
    void missingEnvironment_printsUpstreamMessageAndExits1() throws Exception {
        var err = new ByteArrayOutputStream();

        int status = AuthServiceCommand.serve(Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8), false);

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("LIVEKIT_KEY* / LIVEKIT_SECRET* and LIVEKIT_URL must be set" + System.lineSeparator());
    }

    @Test
    void completeEnvironment_startsListening() throws Exception {
        var err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("LIVEKIT_URL", "ws://127.0.0.1:7880", "LIVEKIT_KEY", "devkey",
                "LIVEKIT_SECRET", "secret", "LIVEKIT_FULL_ACCESS_HOMESERVERS", "example.com",
                "LIVEKIT_JWT_BIND", "127.0.0.1:0");

        int status = AuthServiceCommand.serve(env, new PrintStream(err, true, StandardCharsets.UTF_8), false);

        assertThat(status).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("myelin auth-service: listening on 127.0.0.1:");
    }

    @Test
    void authServiceHelp_documentsTheEnvironment() {
        var out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("auth-service", "--help")).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("LIVEKIT_URL", "LIVEKIT_FULL_ACCESS_HOMESERVERS",
                "LIVEKIT_JWT_BIND", "MYELIN_OPENID_PLAIN_HTTP_LOOPBACK");
    }

    @Test
    void help_listsAuthService() {
        var out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("--help")).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("auth-service");
    }
}
