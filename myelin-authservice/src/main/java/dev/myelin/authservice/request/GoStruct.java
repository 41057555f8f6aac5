package dev.myelin.authservice.request;

import dev.myelin.authservice.request.GoJsonNode.NullNode;
import dev.myelin.authservice.request.GoJsonNode.NumberNode;
import dev.myelin.authservice.request.GoJsonNode.ObjectNode;
import dev.myelin.authservice.request.GoJsonNode.StringNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Go struct's JSON shape and its binding rules under {@code DisallowUnknownFields}: members bind in order (so a
 * repeated name, in any letter case, overwrites), a name matches its field exactly or else by Go's case folding,
 * {@code null} leaves a field as it was, a nested object merges into the nested struct, any other type mismatch or
 * unknown member is an error.
 */
final class GoStruct {
    sealed interface FieldType permits StringField, IntField, StructField {
    }

    record StringField() implements FieldType {
    }

    record IntField() implements FieldType {
    }

    record StructField(GoStruct shape) implements FieldType {
    }

    static final FieldType STRING = new StringField();
    static final FieldType INT = new IntField();

    private final Map<String, FieldType> byExactName;
    private final Map<String, String> exactNameByFoldedName = new HashMap<>();

    GoStruct(Map<String, FieldType> fields) {
        this.byExactName = new LinkedHashMap<>(fields);
        fields.keySet().forEach(name -> exactNameByFoldedName.putIfAbsent(fold(name), name));
    }

    /** Binds a top-level value: an object, or {@code null} for a struct left empty. */
    Values bindTopLevel(GoJsonNode node) {
        var values = new Values();
        switch (node) {
            case NullNode ignored -> {
            }
            case ObjectNode object -> bindInto(object, values);
            default -> throw new RequestDecodingException("cannot unmarshal " + kind(node) + " into a struct");
        }
        return values;
    }

    private void bindInto(ObjectNode object, Values values) {
        for (var member : object.members()) {
            String field = byExactName.containsKey(member.name())
                    ? member.name()
                    : exactNameByFoldedName.get(fold(member.name()));
            if (field == null) {
                throw new RequestDecodingException("unknown field \"" + member.name() + "\"");
            }
            GoJsonNode value = member.value();
            if (value instanceof NullNode) {
                continue; // Go leaves strings, ints and structs untouched on null
            }
            switch (byExactName.get(field)) {
                case StringField ignored -> {
                    if (!(value instanceof StringNode string)) {
                        throw mismatch(value, field, "string");
                    }
                    values.members.put(field, string.value());
                }
                case IntField ignored -> {
                    if (!(value instanceof NumberNode number)) {
                        throw mismatch(value, field, "int");
                    }
                    try {
                        values.members.put(field, Long.parseLong(number.literal()));
                    } catch (NumberFormatException e) {
                        throw mismatch(value, field, "int");
                    }
                }
                case StructField nested -> {
                    if (!(value instanceof ObjectNode nestedObject)) {
                        throw mismatch(value, field, "struct");
                    }
                    Values into = (Values) values.members.computeIfAbsent(field, k -> new Values());
                    nested.shape().bindInto(nestedObject, into);
                }
            }
        }
    }

    /** Go's {@code foldName}: ASCII letters upper-cased, other runes mapped through ToLower then ToUpper. */
    static String fold(String name) {
        var out = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                out.append((char) (cp >= 'a' && cp <= 'z' ? cp - ('a' - 'A') : cp));
            } else {
                out.appendCodePoint(Character.toUpperCase(Character.toLowerCase(cp)));
            }
        });
        return out.toString();
    }

    private static RequestDecodingException mismatch(GoJsonNode value, String field, String goType) {
        return new RequestDecodingException("cannot unmarshal " + kind(value) + " into field " + field + " of type " + goType);
    }

    private static String kind(GoJsonNode node) {
        return switch (node) {
            case ObjectNode ignored -> "object";
            case GoJsonNode.ArrayNode ignored -> "array";
            case StringNode ignored -> "string";
            case NumberNode ignored -> "number";
            case GoJsonNode.BoolNode ignored -> "bool";
            case NullNode ignored -> "null";
        };
    }

    /** Bound field values; a field never set reads as Go's zero value. */
    static final class Values {
        private final Map<String, Object> members = new LinkedHashMap<>();

        String string(String field) {
            return members.get(field) instanceof String s ? s : "";
        }

        long integer(String field) {
            return members.get(field) instanceof Long l ? l : 0L;
        }

        Values struct(String field) {
            return members.get(field) instanceof Values v ? v : new Values();
        }
    }
}
