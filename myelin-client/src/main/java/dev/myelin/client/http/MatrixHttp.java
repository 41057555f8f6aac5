package dev.myelin.client.http;

import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * JSON over HTTP to one homeserver. A response with an error status becomes a {@link MatrixException} carrying the
 * body's extra fields (and {@code retry_after_ms} from a {@code Retry-After} header when the body has none); a
 * transport failure becomes an {@link UncheckedIOException}, a local timeout a {@link RequestTimeoutException}.
 * Blocking: call it from virtual threads.
 */
public final class MatrixHttp {
    private final HttpClient http;
    private final URI base;

    public MatrixHttp(HttpClient http, URI base) {
        this.http = Objects.requireNonNull(http, "http");
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    public URI base() {
        return base;
    }

    /**
     * Makes one request.
     *
     * @param path    already percent-encoded path, starting with '/'
     * @param query   query parameters, encoded here
     * @param body    JSON body, or empty for none
     * @param timeout how long to wait for the whole response
     */
    public JsonObject request(String method, String path, Map<String, String> query, Optional<JsonValue> body,
            Optional<String> accessToken, Duration timeout) {
        var builder = HttpRequest.newBuilder(uri(path, query)).timeout(timeout).header("Accept", "application/json");
        accessToken.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        if (body.isPresent()) {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body.get())));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new RequestTimeoutException(method + " " + path + " timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException(method + " " + path + " interrupted"));
        }
        return ResponseBodies.interpret(response);
    }

    private URI uri(String path, Map<String, String> query) {
        if (query.isEmpty()) {
            return URI.create(base + path);
        }
        var joiner = new StringJoiner("&", "?", "");
        query.forEach((key, value) -> joiner.add(encode(key) + "=" + encode(value)));
        return URI.create(base + path + joiner);
    }

    /** Percent-encodes one path segment or query component. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Reads response bodies into JSON or errors. */
    static final class ResponseBodies {
        private ResponseBodies() {
        }

        static JsonObject interpret(HttpResponse<byte[]> response) {
            int status = response.statusCode();
            JsonObject body;
            try {
                body = response.body().length == 0 ? JsonObject.EMPTY : Json.parseObject(response.body());
            } catch (JsonException e) {
                if (status >= 400) {
                    throw new MatrixException(status, ErrorCode.UNKNOWN, "HTTP " + status + " without a JSON body");
                }
                throw new UncheckedIOException(new IOException("response is not a JSON object: " + e.getMessage()));
            }
            if (status < 400) {
                return body;
            }
            ErrorCode errcode = body.lenientString("errcode").filter(code -> code.matches("[A-Za-z][A-Za-z0-9_.]*"))
                    .map(ErrorCode::of).orElse(ErrorCode.UNKNOWN);
            String message = body.lenientString("error").orElse("HTTP " + status);
            JsonObject extra = body.without("errcode", "error");
            if (!extra.has("retry_after_ms")) {
                Optional<Long> retryAfter = RetryAfter.parseMillis(response.headers().firstValue("Retry-After"),
                        response.headers().firstValue("Date"));
                if (retryAfter.isPresent()) {
                    extra = extra.with("retry_after_ms", JsonValue.of(retryAfter.get()));
                }
            }
            throw new MatrixException(Math.min(Math.max(status, 400), 599), errcode, message, extra);
        }
    }
}
