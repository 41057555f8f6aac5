package dev.myelin.json;

/** Valid JSON of the wrong shape: a missing field, a wrong type, a value canonical JSON cannot carry. */
public final class JsonShapeException extends JsonException {
    public JsonShapeException(String message) {
        super(message);
    }
}
