package dev.myelin.protocol.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import org.junit.jupiter.api.Test;

class MatrixExceptionTest {

    @Test
    void toJson_carriesErrcodeErrorAndExtraFields() {
        var error = MatrixException.limitExceeded(1500);

        assertThat(error.status()).isEqualTo(429);
        assertThat(Json.write(error.toJson()))
                .isEqualTo("{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests\",\"retry_after_ms\":1500}");
    }

    @Test
    void with_addsAnUnstableFieldWithoutTouchingTheOriginal() {
        var error = new MatrixException(400, ErrorCode.UNKNOWN, "The requested delay exceeds the allowed maximum.");
        var extended = error.with("org.matrix.msc4140.max_delay", JsonValue.of(60_000));

        assertThat(extended.toJson().integer("org.matrix.msc4140.max_delay")).isEqualTo(60_000);
        assertThat(error.toJson().has("org.matrix.msc4140.max_delay")).isFalse();
    }

    @Test
    void constructor_rejectsNonErrorStatusesAndRedefinedFields() {
        assertThatThrownBy(() -> new MatrixException(200, ErrorCode.UNKNOWN, "ok"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MatrixException(400, ErrorCode.UNKNOWN, "x",
                JsonObject.builder().put("errcode", "M_OTHER").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorCode_acceptsNamespacedCodesAndRejectsGarbage() {
        assertThat(ErrorCode.of("ORG.MATRIX.MSC4140_MAX_DELAY_EXCEEDED").value()).startsWith("ORG.");
        assertThatThrownBy(() -> ErrorCode.of("M FORBIDDEN")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorCode.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factories_useTheStandardStatuses() {
        assertThat(MatrixException.missingToken().status()).isEqualTo(401);
        assertThat(MatrixException.unknownToken().errcode()).isEqualTo(ErrorCode.UNKNOWN_TOKEN);
        assertThat(MatrixException.forbidden("no").status()).isEqualTo(403);
        assertThat(MatrixException.notFound("no").status()).isEqualTo(404);
        assertThat(MatrixException.unrecognized(405, "no").errcode()).isEqualTo(ErrorCode.UNRECOGNIZED);
        assertThat(MatrixException.tooLarge("no").status()).isEqualTo(413);
        assertThat(MatrixException.notJson("no").errcode()).isEqualTo(ErrorCode.NOT_JSON);
        assertThat(MatrixException.badJson("no").errcode()).isEqualTo(ErrorCode.BAD_JSON);
    }
}
