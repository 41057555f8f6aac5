package dev.myelin.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonObjectTest {
    private final JsonObject object =
            Json.parseObject("{\"ttl\":\"3600\",\"count\":3,\"flag\":true,\"nothing\":null,\"list\":[\"a\",1]}");

    @Test
    void integer_doesNotCoerceAStringOfDigits() {
        assertThatThrownBy(() -> object.integer("ttl"))
                .isInstanceOf(JsonShapeException.class)
                .hasMessage("field 'ttl' must be an integer, not string");
    }

    @Test
    void string_doesNotCoerceANumber() {
        assertThatThrownBy(() -> object.string("count")).hasMessage("field 'count' must be a string, not integer");
    }

    @Test
    void requiredAccessor_namesTheMissingField() {
        assertThatThrownBy(() -> object.string("absent")).hasMessage("missing field 'absent'");
    }

    @Test
    void optionalAccessor_isEmptyWhenAbsentButRejectsNullAndWrongTypes() {
        assertThat(object.optionalString("absent")).isEmpty();
        assertThat(object.optionalInteger("count")).hasValue(3);
        assertThatThrownBy(() -> object.optionalString("nothing")).isInstanceOf(JsonShapeException.class);
        assertThatThrownBy(() -> object.optionalBool("count")).isInstanceOf(JsonShapeException.class);
    }

    @Test
    void strings_rejectsAnArrayWithANonString() {
        assertThatThrownBy(() -> object.array("list").strings())
                .hasMessage("array element 1 must be a string, not integer");
    }

    @Test
    void requireOnly_rejectsUnknownMembers() {
        assertThat(object.without("list", "nothing").requireOnly(Set.of("ttl", "count", "flag"))).isNotNull();
        assertThatThrownBy(() -> object.requireOnly(Set.of("ttl"))).hasMessageStartingWith("unknown field '");
    }

    @Test
    void with_returnsACopyAndLeavesTheOriginal() {
        JsonObject changed = object.with("count", JsonValue.of(4));

        assertThat(changed.integer("count")).isEqualTo(4);
        assertThat(object.integer("count")).isEqualTo(3);
    }

    @Test
    void members_cannotBeModified() {
        assertThatThrownBy(() -> object.members().put("x", JsonNull.INSTANCE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equality_ignoresMemberOrder() {
        assertThat(Json.parse("{\"a\":1,\"b\":2}")).isEqualTo(Json.parse("{\"b\":2,\"a\":1}"));
    }

    @Test
    void strings_refuseUnpairedSurrogates() {
        assertThatThrownBy(() -> JsonValue.of("a\uD800")).isInstanceOf(JsonShapeException.class);
    }

    @Test
    void lenientAccessors_readMatchingTypesAndIgnoreTheRest() {
        assertThat(object.lenientString("ttl")).contains("3600");
        assertThat(object.lenientString("count")).isEmpty();
        assertThat(object.lenientInteger("count")).hasValue(3);
        assertThat(object.lenientInteger("ttl")).isEmpty();
        assertThat(object.lenientInteger("absent")).isEmpty();
    }
}
