package dev.myelin.protocol.error;

import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.Objects;

/**
 * The one unchecked exception of the protocol and server layers: a Matrix error response. The HTTP edge maps it,
 * in one place, to {@code status} with the body {@code {"errcode", "error", ...extra}}.
 */
public final class MatrixException extends RuntimeException {
    private final int status;
    private final ErrorCode errcode;
    private final JsonObject extra;

    /**
     * @param status an HTTP error status, 400–599
     * @param extra further members of the error body ({@code retry_after_ms}, unstable fields); must not redefine
     *              {@code errcode} or {@code error}
     */
    public MatrixException(int status, ErrorCode errcode, String message, JsonObject extra) {
        super(Objects.requireNonNull(message, "message"));
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error status must be 400-599, not " + status);
        }
        if (extra.has("errcode") || extra.has("error")) {
            throw new IllegalArgumentException("extra fields must not redefine errcode or error");
        }
        this.status = status;
        this.errcode = Objects.requireNonNull(errcode, "errcode");
        this.extra = extra;
    }

    public MatrixException(int status, ErrorCode errcode, String message) {
        this(status, errcode, message, JsonObject.EMPTY);
    }

    public static MatrixException badJson(String message) {
        return new MatrixException(400, ErrorCode.BAD_JSON, message);
    }

    public static MatrixException notJson(String message) {
        return new MatrixException(400, ErrorCode.NOT_JSON, message);
    }

    public static MatrixException invalidParam(String message) {
        return new MatrixException(400, ErrorCode.INVALID_PARAM, message);
    }

    public static MatrixException missingParam(String message) {
        return new MatrixException(400, ErrorCode.MISSING_PARAM, message);
    }

    public static MatrixException missingToken() {
        return new MatrixException(401, ErrorCode.MISSING_TOKEN, "Missing access token");
    }

    public static MatrixException unknownToken() {
        return new MatrixException(401, ErrorCode.UNKNOWN_TOKEN, "Unknown or expired access token");
    }

    public static MatrixException forbidden(String message) {
        return new MatrixException(403, ErrorCode.FORBIDDEN, message);
    }

    public static MatrixException notFound(String message) {
        return new MatrixException(404, ErrorCode.NOT_FOUND, message);
    }

    /** 404 for an unknown endpoint, 405 for a known endpoint with the wrong method. */
    public static MatrixException unrecognized(int status, String message) {
        return new MatrixException(status, ErrorCode.UNRECOGNIZED, message);
    }

    public static MatrixException tooLarge(String message) {
        return new MatrixException(413, ErrorCode.TOO_LARGE, message);
    }

    /** 429 with {@code retry_after_ms}; the HTTP edge also sets {@code Retry-After} in whole seconds. */
    public static MatrixException limitExceeded(long retryAfterMs) {
        if (retryAfterMs < 0) {
            throw new IllegalArgumentException("retryAfterMs must not be negative");
        }
        return new MatrixException(429, ErrorCode.LIMIT_EXCEEDED, "Too many requests",
                JsonObject.builder().put("retry_after_ms", retryAfterMs).build());
    }

    public int status() {
        return status;
    }

    public ErrorCode errcode() {
        return errcode;
    }

    public JsonObject extra() {
        return extra;
    }

    /** The response body: {@code errcode} and {@code error} first, then the extra fields. */
    public JsonObject toJson() {
        return JsonObject.builder()
                .put("errcode", errcode.value())
                .put("error", getMessage())
                .putAll(extra)
                .build();
    }

    /** A copy with one more field in the body. */
    public MatrixException with(String key, JsonValue value) {
        var copy = new MatrixException(status, errcode, getMessage(), extra.with(key, value));
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    @Override
    public String toString() {
        return "MatrixException[" + status + " " + errcode + ": " + getMessage() + "]";
    }
}
