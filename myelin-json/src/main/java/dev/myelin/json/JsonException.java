package dev.myelin.json;

/**
 * The one exception type of this module. Its two kinds keep apart a body that is not JSON at all
 * ({@link MalformedJsonException}, Matrix {@code M_NOT_JSON}) from JSON of the wrong shape ({@link JsonShapeException},
 * Matrix {@code M_BAD_JSON}).
 */
public sealed abstract class JsonException extends RuntimeException permits MalformedJsonException, JsonShapeException {
    JsonException(String message) {
        super(message);
    }
}
