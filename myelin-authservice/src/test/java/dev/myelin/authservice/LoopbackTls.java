package dev.myelin.authservice;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTPS userinfo server on loopback with a freshly generated self-signed certificate. */
public final class LoopbackTls implements AutoCloseable {
    private final LoopbackServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private LoopbackTls(Path keyStore, String subjectPattern) {
        int[] port = new int[1];
        server = new LoopbackServer((request, body) -> {
            requests.incrementAndGet();
            return LoopbackServer.Answer.json(200, "{\"sub\":\"" + subjectPattern.formatted(port[0]) + "\"}");
        }, keyStore);
        port[0] = server.port();
    }

    /** @param subjectPattern the {@code sub} to answer, {@code %d} standing for the server's port */
    public static LoopbackTls userinfoServer(Path dir, String subjectPattern) throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return new LoopbackTls(keyStore, subjectPattern);
    }

    public String serverName() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.port();
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
