package dev.myelin.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A JSON object: members in insertion order (canonical output sorts them). Accessors are strict: a member of the wrong
 * type is a {@link JsonShapeException} naming the member, never a silent coercion ({@code "3600"} is not 3600).
 */
public record JsonObject(Map<String, JsonValue> members) implements JsonValue {
    public static final JsonObject EMPTY = new JsonObject(Map.of());

    public JsonObject {
        Objects.requireNonNull(members, "members");
        var copy = new LinkedHashMap<String, JsonValue>(Math.max(4, members.size() * 2));
        members.forEach((key, value) -> {
            Utf16.requireWellFormed(Objects.requireNonNull(key, "member name"));
            copy.put(key, Objects.requireNonNull(value, () -> "value of member '" + key + "'"));
        });
        members = Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String typeName() {
        return "object";
    }

    public boolean has(String key) {
        return members.containsKey(key);
    }

    public Optional<JsonValue> get(String key) {
        return Optional.ofNullable(members.get(key));
    }

    public int size() {
        return members.size();
    }

    /** A copy with {@code key} set to {@code value}, replacing any member of that name. */
    public JsonObject with(String key, JsonValue value) {
        var copy = new LinkedHashMap<>(members);
        copy.put(key, value);
        return new JsonObject(copy);
    }

    /** A copy without the named members. */
    public JsonObject without(String... keys) {
        var copy = new LinkedHashMap<>(members);
        for (String key : keys) {
            copy.remove(key);
        }
        return new JsonObject(copy);
    }

    /** Rejects members whose names are not in {@code allowed}, as strict request parsers must. */
    public JsonObject requireOnly(Set<String> allowed) {
        for (String key : members.keySet()) {
            if (!allowed.contains(key)) {
                throw new JsonShapeException("unknown field '" + key + "'");
            }
        }
        return this;
    }

    public String string(String key) {
        return require(key, JsonString.class).value();
    }

    public Optional<String> optionalString(String key) {
        return optional(key, JsonString.class).map(JsonString::value);
    }

    /**
     * The member if it is a string, else empty, whatever it holds: for fields that peers are known to fill loosely and
     * that a reader takes only when usable.
     */
    public Optional<String> lenientString(String key) {
        return get(key).filter(JsonString.class::isInstance).map(value -> ((JsonString) value).value());
    }

    /** The member if it is an integer, else empty, whatever it holds. */
    public OptionalLong lenientInteger(String key) {
        return get(key).filter(JsonInteger.class::isInstance)
                .map(value -> OptionalLong.of(((JsonInteger) value).value()))
                .orElse(OptionalLong.empty());
    }

    public long integer(String key) {
        return require(key, JsonInteger.class).value();
    }

    public OptionalLong optionalInteger(String key) {
        return optional(key, JsonInteger.class).map(i -> OptionalLong.of(i.value())).orElse(OptionalLong.empty());
    }

    public boolean bool(String key) {
        return require(key, JsonBoolean.class).value();
    }

    public Optional<Boolean> optionalBool(String key) {
        return optional(key, JsonBoolean.class).map(JsonBoolean::value);
    }

    public JsonObject object(String key) {
        return require(key, JsonObject.class);
    }

    public Optional<JsonObject> optionalObject(String key) {
        return optional(key, JsonObject.class);
    }

    public JsonArray array(String key) {
        return require(key, JsonArray.class);
    }

    public Optional<JsonArray> optionalArray(String key) {
        return optional(key, JsonArray.class);
    }

    /** The member as {@code type}; missing or of another type is a {@link JsonShapeException}. */
    public <T extends JsonValue> T require(String key, Class<T> type) {
        JsonValue value = members.get(key);
        if (value == null) {
            throw new JsonShapeException("missing field '" + key + "'");
        }
        return cast(key, value, type);
    }

    /** The member as {@code type} if present; present with another type (including null) is an error. */
    public <T extends JsonValue> Optional<T> optional(String key, Class<T> type) {
        JsonValue value = members.get(key);
        return value == null ? Optional.empty() : Optional.of(cast(key, value, type));
    }

    private static <T extends JsonValue> T cast(String key, JsonValue value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new JsonShapeException("field '" + key + "' must be " + TypeNames.of(type) + ", not " + value.typeName());
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return Json.write(this);
    }

    /** Collects members in order; a repeated name replaces the earlier value. */
    public static final class Builder {
        private final LinkedHashMap<String, JsonValue> members = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String key, JsonValue value) {
            members.put(key, value);
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, new JsonString(value));
        }

        public Builder put(String key, long value) {
            return put(key, new JsonInteger(value));
        }

        public Builder put(String key, boolean value) {
            return put(key, JsonBoolean.of(value));
        }

        public Builder putAll(JsonObject other) {
            members.putAll(other.members());
            return this;
        }

        public JsonObject build() {
            return new JsonObject(members);
        }
    }
}
