package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = Fixture.restricted();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD"})
    void healthz_getOrHead_isOkWithoutCors(String method) {
        var response = fixture.request(method, "/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "OPTIONS", "DELETE"})
    void healthz_otherMethods_are405(String method) {
        assertThat(fixture.request(method, "/healthz").statusCode()).isEqualTo(405);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/get_token/", "/sfu", "/GET_TOKEN", "/delegate_delayed_leave/", "/sfu_webhook/"})
    void unknownPath_isGoNotFound(String path) {
        var response = fixture.request("POST", path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("404 page not found\n");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void doubleSlashPath_isRedirectedPermanentlyToTheCleanPath() throws Exception {
        String head = rawRequest("POST //get_token HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        assertThat(head).startsWith("HTTP/1.1 301");
        assertThat(head).containsIgnoringCase("Location: /get_token\r\n");
    }

    @Test
    void dotSegments_areRedirectedNotResolved() throws Exception {
        String head = rawRequest("GET /a/../get_token?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(head).startsWith("HTTP/1.1 301");
        assertThat(head).containsIgnoringCase("Location: /get_token?x=1\r\n");
        assertThat(head).endsWith("<a href=\"/get_token?x=1\">Moved Permanently</a>.\n\n");
    }

    @Test
    void percentEncodedPath_isDecodedBeforeRouting() {
        assertThat(fixture.request("GET", "/get%5Ftoken").statusCode()).isEqualTo(405);
    }

    @Test
    void malformedRequest_isPlainTextBadRequestWithoutDetails() throws Exception {
        String answer = rawRequest("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).contains("Content-Type: text/plain; charset=utf-8").endsWith("\r\n\r\n400 Bad Request");
    }

    @Test
    void serverHeader_isNotSent() {
        assertThat(fixture.request("GET", "/healthz").headers().firstValue("Server")).isEmpty();
    }

    private static String rawRequest(String request) throws Exception {
        try (var socket = new Socket("127.0.0.1", fixture.service.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
