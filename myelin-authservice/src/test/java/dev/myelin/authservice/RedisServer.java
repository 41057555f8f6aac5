package dev.myelin.authservice;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real redis-server (Debian package redis-server, in .ci/run) on a free loopback port, for the job store. */
final class RedisServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String password;

    RedisServer(String password) {
        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("redis-server is missing: apt-get install redis-server (.ci/run does)");
        }
        this.password = password;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
        if (!password.isEmpty()) {
            command.addAll(List.of("--requirepass", password));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        Fixture.await("redis-server on port " + port, this::answering);
    }

    RedisServer() {
        this("");
    }

    String url() {
        return password.isEmpty() ? "redis://127.0.0.1:" + port : "redis://:" + password + "@127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** A raw command through a fresh connection (authenticating first), for checking what the service stored. */
    String rawReply(String... command) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            var out = socket.getOutputStream();
            if (!password.isEmpty()) {
                out.write(resp("AUTH", password));
            }
            out.write(resp(command));
            out.flush();
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] resp(String... args) {
        var s = new StringBuilder("*" + args.length + "\r\n");
        for (String arg : args) {
            s.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private boolean answering() {
        try (var socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
