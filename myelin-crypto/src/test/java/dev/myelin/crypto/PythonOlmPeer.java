package dev.myelin.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * libolm 3.2 via Debian's python3-olm, driven over JSON lines (see {@code interop/olm_peer.py}). Fails loudly when
 * the peer cannot start: {@code .ci/run} installs python3-olm, so a missing peer is a broken machine, not a skip.
 */
public final class PythonOlmPeer implements AutoCloseable {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private final Process process;
    private final Writer requests;
    private final BufferedReader responses;
    private long nextId;

    private PythonOlmPeer(Process process) {
        this.process = process;
        this.requests = process.outputWriter(UTF_8);
        this.responses = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    }

    public static PythonOlmPeer start() {
        if (!Files.isExecutable(PYTHON)) {
            throw new IllegalStateException("/usr/bin/python3 is missing: install python3-olm (see .ci/run)");
        }
        try {
            Path script = Path.of(PythonOlmPeer.class.getResource("/interop/olm_peer.py").toURI());
            var builder = new ProcessBuilder(PYTHON.toString(), "-u", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().remove("PYTHONPATH");
            return new PythonOlmPeer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code op} with the given members and returns the response; a peer-side error fails the test. */
    public JsonObject call(String op, JsonObject arguments) {
        JsonObject request = arguments.with("op", dev.myelin.json.JsonValue.of(op))
                .with("id", dev.myelin.json.JsonValue.of(++nextId));
        try {
            requests.write(Json.write(request) + "\n");
            requests.flush();
            String line = responses.readLine();
            if (line == null) {
                throw new IllegalStateException("python3-olm peer exited (is python3-olm installed? apt-get install "
                        + "python3-olm); see stderr above");
            }
            JsonObject response = Json.parseObject(line);
            if (!response.bool("ok")) {
                throw new PeerError(op + " failed in libolm: " + response.string("error"));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException("python3-olm peer I/O failed", e);
        }
    }

    /** A failure reported by libolm (a decrypt that did not authenticate, a bad key...). */
    public static final class PeerError extends RuntimeException {
        PeerError(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        try {
            requests.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
