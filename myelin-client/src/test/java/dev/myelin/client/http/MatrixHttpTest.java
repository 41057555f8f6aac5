package dev.myelin.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Error mapping against canned responses from a loopback server (the real homeserver is tested elsewhere). */
class MatrixHttpTest {
    private HttpServer server;
    private MatrixHttp http;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        respond("/ok", 200, List.of(), "{\"a\":1}");
        respond("/limited", 429, List.of("Retry-After", "3"), "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow\"}");
        respond("/limited-body", 429, List.of("Retry-After", "3"),
                "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow\",\"retry_after_ms\":1500}");
        respond("/max-delay", 400, List.of(), "{\"errcode\":\"M_UNKNOWN\",\"error\":\"too long\","
                + "\"org.matrix.msc4140.errcode\":\"M_MAX_DELAY_EXCEEDED\",\"org.matrix.msc4140.max_delay\":5000}");
        respond("/html", 502, List.of(), "<html>bad gateway</html>");
        respond("/garbage", 200, List.of(), "not json");
        server.createContext("/slow", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        http = new MatrixHttp(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void respond(String path, int status, List<String> headers, String body) {
        server.createContext(path, exchange -> {
            for (int i = 0; i < headers.size(); i += 2) {
                exchange.getResponseHeaders().add(headers.get(i), headers.get(i + 1));
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    private JsonObject get(String path) {
        return http.request("GET", path, Map.of(), Optional.empty(), Optional.empty(), Duration.ofSeconds(5));
    }

    @Test
    void success_returnsTheJsonBody() {
        assertThat(get("/ok").integer("a")).isEqualTo(1);
    }

    @Test
    void rateLimit_takesRetryAfterFromTheHeaderWhenTheBodyHasNone() {
        assertThatThrownBy(() -> get("/limited")).isInstanceOfSatisfying(MatrixException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.errcode()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(e.extra().integer("retry_after_ms")).isEqualTo(3_000);
        });
        assertThatThrownBy(() -> get("/limited-body")).isInstanceOfSatisfying(MatrixException.class,
                e -> assertThat(e.extra().integer("retry_after_ms")).isEqualTo(1_500));
    }

    @Test
    void errorBody_keepsItsUnstableFields() {
        assertThatThrownBy(() -> get("/max-delay")).isInstanceOfSatisfying(MatrixException.class,
                e -> assertThat(e.extra().integer("org.matrix.msc4140.max_delay")).isEqualTo(5_000));
    }

    @Test
    void errorWithoutJson_isStillAMatrixErrorWithItsStatus() {
        assertThatThrownBy(() -> get("/html")).isInstanceOfSatisfying(MatrixException.class,
                e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void successWithoutJson_isATransportFailure() {
        assertThatThrownBy(() -> get("/garbage")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void slowResponse_endsInARequestTimeout() {
        assertThatThrownBy(() -> http.request("GET", "/slow", Map.of(), Optional.empty(), Optional.empty(),
                Duration.ofMillis(200))).isInstanceOf(RequestTimeoutException.class);
    }

    @Test
    void refusedConnection_isATransportFailure() {
        server.stop(0);
        assertThatThrownBy(() -> get("/ok")).isInstanceOf(UncheckedIOException.class)
                .isNotInstanceOf(RequestTimeoutException.class);
    }

    @Test
    void retryAfter_readsSecondsAndHttpDates() {
        assertThat(RetryAfter.parseMillis(Optional.of("2"), Optional.empty())).contains(2_000L);
        assertThat(RetryAfter.parseMillis(Optional.of("Wed, 21 Oct 2015 07:28:10 GMT"),
                Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).contains(10_000L);
        assertThat(RetryAfter.parseMillis(Optional.of("soon"), Optional.empty())).isEmpty();
    }
}
