package dev.myelin.homeserver.http;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A request as endpoints see it: decoded path parameters, decoded query parameters, headers and a body read on
 * demand (so endpoints that fail authentication never read a large body).
 */
public final class ApiRequest {
    private final String method;
    private final Map<String, String> pathParameters;
    private final Map<String, List<String>> queryParameters;
    private final Function<String, Optional<String>> headers;
    private final Supplier<byte[]> bodyReader;
    private final String remoteAddress;
    private byte[] body;

    public ApiRequest(String method, Map<String, String> pathParameters, Map<String, List<String>> queryParameters,
            Function<String, Optional<String>> headers, Supplier<byte[]> bodyReader) {
        this(method, pathParameters, queryParameters, headers, bodyReader, "");
    }

    /** @param remoteAddress the client's IP address, the key of per-address rate limits ("" if unknown) */
    public ApiRequest(String method, Map<String, String> pathParameters, Map<String, List<String>> queryParameters,
            Function<String, Optional<String>> headers, Supplier<byte[]> bodyReader, String remoteAddress) {
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
        this.method = Objects.requireNonNull(method, "method");
        this.pathParameters = Map.copyOf(pathParameters);
        this.queryParameters = Map.copyOf(queryParameters);
        this.headers = Objects.requireNonNull(headers, "headers");
        this.bodyReader = Objects.requireNonNull(bodyReader, "bodyReader");
    }

    public String method() {
        return method;
    }

    /** The client's IP address as the socket sees it ("" if unknown). */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** Whether the request carries an access token (header or the deprecated query parameter). */
    public boolean hasAccessToken() {
        return header("Authorization").isPresent() || query("access_token").isPresent();
    }

    /** A {@code {name}} segment of the route, percent-decoded. */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter '" + name + "'");
        }
        return value;
    }

    /** All {@code {name}} segments of the route, percent-decoded. */
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    /** The first value of a query parameter. */
    public Optional<String> query(String name) {
        List<String> values = queryParameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public List<String> queryValues(String name) {
        return queryParameters.getOrDefault(name, List.of());
    }

    public Optional<String> header(String name) {
        return headers.apply(name);
    }

    /** The raw body, at most the configured limit (larger bodies are a 413 {@code M_TOO_LARGE}). */
    public byte[] bodyBytes() {
        if (body == null) {
            body = bodyReader.get();
        }
        return body;
    }

    /**
     * Reads a body the endpoint left unread, so the connection stays usable for the client's next request (Jetty
     * closes a keep-alive connection whose request content was not consumed). Failures are ignored here.
     */
    void drainUnread() {
        if (body == null) {
            try {
                bodyBytes();
            } catch (RuntimeException ignored) {
                // Too large or broken: the connection will be closed, which is the right outcome then.
            }
        }
    }

    /** The body as a JSON object: missing or not JSON is {@code M_NOT_JSON}, other JSON {@code M_BAD_JSON}. */
    public JsonObject jsonBody() {
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            throw MatrixException.notJson("Content not JSON: empty body");
        }
        return Json.parseObject(bytes);
    }

    /**
     * The body as a JSON object, where an empty body counts as {@code {}}: some clients send none on requests whose
     * body has no required fields (js-sdk's logout, delayed-event actions).
     */
    public JsonObject jsonBodyOrEmpty() {
        byte[] bytes = bodyBytes();
        if (isBlank(bytes)) {
            return JsonObject.EMPTY;
        }
        return Json.parseObject(bytes);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
