package dev.myelin.homeserver.http;

import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.json.MalformedJsonException;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.InvalidIdentifierException;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become Matrix error responses. Client mistakes map to their 4xx; anything else is a
 * bug on our side: logged with its stack trace, answered with a bare 500 {@code M_UNKNOWN} that reveals nothing.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static ApiResponse from(Throwable failure, String requestLine) {
        return switch (failure) {
            case MatrixException e -> fromMatrix(e);
            case MalformedJsonException e -> fromMatrix(MatrixException.notJson("Content not JSON: " + e.getMessage()));
            case JsonShapeException e -> fromMatrix(MatrixException.badJson(e.getMessage()));
            case InvalidIdentifierException e -> fromMatrix(MatrixException.invalidParam(e.getMessage()));
            case HttpException e when e.getCode() >= 400 && e.getCode() < 500 ->
                    ApiResponse.of(e.getCode(), forStatus(e.getCode(), "Bad request: " + e.getReason()));
            default -> {
                LOG.error("{} failed", requestLine, failure);
                yield ApiResponse.of(500, body(ErrorCode.UNKNOWN, "Internal server error"));
            }
        };
    }

    /** For errors Jetty detects before any handler runs (bad request line, headers too large, bad URI). */
    public static JsonObject forStatus(int status, String message) {
        ErrorCode code = switch (status) {
            case 404, 405 -> ErrorCode.UNRECOGNIZED;
            case 413, 431 -> ErrorCode.TOO_LARGE;
            default -> ErrorCode.UNKNOWN;
        };
        return body(code, message);
    }

    private static ApiResponse fromMatrix(MatrixException e) {
        if (e.status() == 429) {
            long retryAfterMs = e.extra().optionalInteger("retry_after_ms").orElse(1000);
            long seconds = Math.max(1, (retryAfterMs + 999) / 1000);
            return new ApiResponse(429, e.toJson(), Map.of("Retry-After", Long.toString(seconds)));
        }
        return ApiResponse.of(e.status(), e.toJson());
    }

    private static JsonObject body(ErrorCode code, String message) {
        return JsonObject.builder().put("errcode", code.value()).put("error", message).build();
    }
}
