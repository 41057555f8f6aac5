package dev.myelin.json;

/** Human names of value classes, for error messages. */
final class TypeNames {
    private TypeNames() {
    }

    static String of(Class<? extends JsonValue> type) {
        if (type == JsonObject.class) {
            return "an object";
        } else if (type == JsonArray.class) {
            return "an array";
        } else if (type == JsonString.class) {
            return "a string";
        } else if (type == JsonInteger.class) {
            return "an integer";
        } else if (type == JsonDecimal.class) {
            return "a number";
        } else if (type == JsonBoolean.class) {
            return "a boolean";
        } else if (type == JsonNull.class) {
            return "null";
        }
        return "a JSON value";
    }
}
