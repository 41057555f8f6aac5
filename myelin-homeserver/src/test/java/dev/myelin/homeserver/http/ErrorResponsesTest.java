package dev.myelin.homeserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.json.MalformedJsonException;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.UserId;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    @Test
    void unexpectedException_is500UnknownWithoutDetails() {
        var response = ErrorResponses.from(new IllegalStateException("secret internal detail"), "GET /x");

        assertThat(response.status()).isEqualTo(500);
        assertThat(Json.write(response.body())).isEqualTo("{\"errcode\":\"M_UNKNOWN\",\"error\":\"Internal server error\"}");
    }

    @Test
    void limitExceeded_setsRetryAfterInWholeSecondsRoundedUp() {
        var response = ErrorResponses.from(MatrixException.limitExceeded(1500), "PUT /x");

        assertThat(response.status()).isEqualTo(429);
        assertThat(((JsonObject) response.body()).integer("retry_after_ms")).isEqualTo(1500);
        assertThat(response.headers()).containsEntry("Retry-After", "2");
    }

    @Test
    void jsonAndIdentifierExceptions_mapToTheirErrcodes() {
        var notJson = ErrorResponses.from(new MalformedJsonException("unexpected end", 3), "x");
        var badJson = ErrorResponses.from(new JsonShapeException("missing field 'type'"), "x");
        Exception invalidId = null;
        try {
            UserId.parse("no-at-sign");
        } catch (RuntimeException e) {
            invalidId = e;
        }
        var invalidParam = ErrorResponses.from(invalidId, "x");

        assertThat(((JsonObject) notJson.body()).string("errcode")).isEqualTo("M_NOT_JSON");
        assertThat(((JsonObject) badJson.body()).string("errcode")).isEqualTo("M_BAD_JSON");
        assertThat(((JsonObject) badJson.body()).string("error")).isEqualTo("missing field 'type'");
        assertThat(invalidParam.status()).isEqualTo(400);
        assertThat(((JsonObject) invalidParam.body()).string("errcode")).isEqualTo("M_INVALID_PARAM");
    }
}
