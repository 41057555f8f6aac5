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
 * A peer process driven over JSON lines: libolm 3.2 via Debian's python3-olm ({@code interop/olm_peer.py} in the test
 * resources), or matrix-sdk-crypto via Node ({@code interop/rust-crypto-olm/peer.mjs}). Fails loudly when a peer
 * cannot start: {@code .ci/run} installs python3-olm and {@code ./myelin test} runs npm ci, so a missing peer is a
 * broken machine, not a skip.
 */
public final class JsonLinesPeer implements AutoCloseable {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private final Process process;
    private final String name;
    private final Writer requests;
    private final BufferedReader responses;
    private long nextId;

    private JsonLinesPeer(Process process, String name) {
        this.process = process;
        this.name = name;
        this.requests = process.outputWriter(UTF_8);
        this.responses = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    }

    /** libolm through python3-olm; run with /usr/bin/python3, which sees Debian's dist-packages. */
    public static JsonLinesPeer startLibolm() {
        if (!Files.isExecutable(PYTHON)) {
            throw new IllegalStateException("/usr/bin/python3 is missing: install python3-olm (see .ci/run)");
        }
        try {
            Path script = Path.of(JsonLinesPeer.class.getResource("/interop/olm_peer.py").toURI());
            var builder = new ProcessBuilder(PYTHON.toString(), "-u", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().remove("PYTHONPATH");
            return new JsonLinesPeer(builder.start(), "libolm (python3-olm; apt-get install python3-olm)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** matrix-sdk-crypto (vodozemac) through @matrix-org/matrix-sdk-crypto-wasm in Node. */
    public static JsonLinesPeer startRustCrypto() {
        Path folder = Path.of(System.getProperty("myelin.vectors", "../test-vectors")).toAbsolutePath().getParent()
                .resolve("interop/rust-crypto-olm");
        if (!Files.isDirectory(folder.resolve("node_modules/@matrix-org/matrix-sdk-crypto-wasm"))) {
            throw new IllegalStateException("npm packages missing in " + folder + ": run ./myelin test (it runs npm ci)");
        }
        try {
            var builder = new ProcessBuilder("node", "peer.mjs").directory(folder.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            return new JsonLinesPeer(builder.start(), "matrix-sdk-crypto (node " + folder + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (Node 20+ is required)", e);
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
                throw new IllegalStateException(name + " peer exited; see stderr above");
            }
            JsonObject response = Json.parseObject(line);
            if (!response.bool("ok")) {
                throw new PeerError(op + " failed in " + name + ": " + response.string("error"));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(name + " peer I/O failed", e);
        }
    }

    /** A failure reported by the peer (a decrypt that did not authenticate, a bad key...). */
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
