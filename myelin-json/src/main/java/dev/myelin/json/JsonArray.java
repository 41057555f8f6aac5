package dev.myelin.json;

import java.util.List;
import java.util.Objects;

/** A JSON array. */
public record JsonArray(List<JsonValue> elements) implements JsonValue {
    public static final JsonArray EMPTY = new JsonArray(List.of());

    public JsonArray {
        elements = List.copyOf(Objects.requireNonNull(elements, "elements"));
    }

    @Override
    public String typeName() {
        return "array";
    }

    public int size() {
        return elements.size();
    }

    public JsonValue get(int index) {
        return elements.get(index);
    }

    /** The elements as strings; any other element is a {@link JsonShapeException}. */
    public List<String> strings() {
        return elements(JsonString.class).stream().map(JsonString::value).toList();
    }

    /** The elements as objects; any other element is a {@link JsonShapeException}. */
    public List<JsonObject> objects() {
        return elements(JsonObject.class);
    }

    /** The elements as {@code type}; any other element is a {@link JsonShapeException}. */
    public <T extends JsonValue> List<T> elements(Class<T> type) {
        for (int i = 0; i < elements.size(); i++) {
            JsonValue value = elements.get(i);
            if (!type.isInstance(value)) {
                throw new JsonShapeException(
                        "array element " + i + " must be " + TypeNames.of(type) + ", not " + value.typeName());
            }
        }
        return elements.stream().map(type::cast).toList();
    }

    @Override
    public String toString() {
        return Json.write(this);
    }
}
