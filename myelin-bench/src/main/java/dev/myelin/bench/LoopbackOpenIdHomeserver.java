package dev.myelin.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A homeserver on a loopback port answering only federation OpenID userinfo, in plain HTTP: every access token
 * {@code token-N} belongs to {@code @userN}. Counts lookups, so the report can show the validation cache at work.
 */
final class LoopbackOpenIdHomeserver implements AutoCloseable {
    static final String USERINFO_PATH = "/_matrix/federation/v1/openid/userinfo";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger lookups = new AtomicInteger();

    LoopbackOpenIdHomeserver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
        server.createContext(USERINFO_PATH, this::userinfo);
        server.setExecutor(executor);
        server.start();
    }

    /** What clients put in {@code matrix_server_name}: the loopback address and port, so no discovery is needed. */
    String serverName() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int lookups() {
        return lookups.get();
    }

    private void userinfo(HttpExchange exchange) throws IOException {
        try (exchange) {
            lookups.incrementAndGet();
            String query = exchange.getRequestURI().getRawQuery();
            String prefix = "access_token=token-";
            int status;
            String body;
            if (exchange.getRequestMethod().equals("GET") && query != null && query.startsWith(prefix)
                    && query.length() > prefix.length()
                    && query.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                status = 200;
                body = "{\"sub\":\"@user" + query.substring(prefix.length()) + ":" + serverName() + "\"}";
            } else {
                status = 401;
                body = "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Access Token unknown or expired\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
