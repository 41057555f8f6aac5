package dev.myelin.homeserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Errors at the HTTP edge are Matrix JSON, with the status and errcode Synapse gives. */
@ExtendWith(HomeserverExtension.class)
class HttpEdgeTest {
    private final TestClient client;

    HttpEdgeTest(TestClient client) {
        this.client = client;
    }

    @Test
    void unknownPath_is404Unrecognized() {
        var response = client.get("/_matrix/client/v3/no/such/endpoint");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errcode()).isEqualTo("M_UNRECOGNIZED");
        assertThat(response.header("Content-Type")).hasValue("application/json");
    }

    @Test
    void knownPathWithWrongMethod_is405Unrecognized() {
        var response = client.send("DELETE", "/_matrix/client/v3/login", null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.errcode()).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void bodyThatIsNotJson_isNotJson() {
        var response = client.send("POST", "/_matrix/client/v3/login", "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_NOT_JSON");
    }

    @Test
    void emptyBodyWhereJsonIsRequired_isNotJson() {
        var response = client.send("POST", "/_matrix/client/v3/login", new byte[0]);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_NOT_JSON");
    }

    @Test
    void jsonOfTheWrongShape_isBadJson() {
        var arrayBody = client.send("POST", "/_matrix/client/v3/login", "[]".getBytes(StandardCharsets.UTF_8));
        var wrongType = client.post("/_matrix/client/v3/login", JsonObject.builder().put("type", 7).build());

        assertThat(arrayBody.status()).isEqualTo(400);
        assertThat(arrayBody.errcode()).isEqualTo("M_BAD_JSON");
        assertThat(wrongType.errcode()).isEqualTo("M_BAD_JSON");
        assertThat(wrongType.json().string("error")).contains("type");
    }

    @Test
    void bodyLargerThanTheLimit_is413TooLarge() {
        byte[] huge = new byte[2 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');

        var response = client.sendExpectingContinue("POST", "/_matrix/client/v3/login", huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errcode()).isEqualTo("M_TOO_LARGE");
    }

    @Test
    void everyResponse_carriesSynapsesCorsHeaders() {
        var ok = client.get("/_matrix/client/versions");
        var error = client.get("/nowhere");

        for (var response : List.of(ok, error)) {
            assertThat(response.header("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(response.header("Access-Control-Allow-Methods")).hasValue("GET, HEAD, POST, PUT, DELETE, OPTIONS");
            assertThat(response.header("Access-Control-Allow-Headers"))
                    .hasValue("X-Requested-With, Content-Type, Authorization, Date");
        }
    }

    @Test
    void preflight_is204WithCorsForAnyPath() {
        var response = client.send("OPTIONS", "/_matrix/client/v3/rooms/%21r%3Ahs/send/m.room.message/1", null,
                List.of("Origin", "https://app.example", "Access-Control-Request-Method", "PUT"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void headersTooLargeForJetty_areAnsweredAsJson() {
        var response = client.send("GET", "/_matrix/client/versions", null, List.of("X-Padding", "a".repeat(20_000)));

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.errcode()).isEqualTo("M_TOO_LARGE");
    }

    @Test
    void malformedPercentEncoding_isInvalidParam() {
        var response = client.get("/_matrix/client/v3/register/available?username=%ff");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_INVALID_PARAM");
    }
}
