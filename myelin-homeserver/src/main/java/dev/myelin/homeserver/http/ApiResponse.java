package dev.myelin.homeserver.http;

import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.Map;
import java.util.Objects;

/**
 * A JSON response. Every Matrix response has a JSON body, {@code {}} at least (matrix-js-sdk parses it
 * unconditionally); a few endpoints answer an array.
 *
 * @param headers extra response headers (CORS, content type and caching are added by the handler)
 */
public record ApiResponse(int status, JsonValue body, Map<String, String> headers) {

    public ApiResponse {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200-599, not " + status);
        }
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public static ApiResponse ok(JsonObject body) {
        return new ApiResponse(200, body, Map.of());
    }

    public static ApiResponse ok(JsonArray body) {
        return new ApiResponse(200, body, Map.of());
    }

    public static ApiResponse empty() {
        return ok(JsonObject.EMPTY);
    }

    public static ApiResponse of(int status, JsonObject body) {
        return new ApiResponse(status, body, Map.of());
    }
}
