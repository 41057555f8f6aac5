package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.livekit.LiveKitNames;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SfuGetEndpointTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = Fixture.restricted();
        fixture.homeserver.accept("good", fixture.alice());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void post_validLegacyRequest_returnsTokenWithPlainIdentityAndLegacySlotRoom() throws Exception {
        var response = fixture.post("/sfu/get", fixture.legacyBody("good"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = Json.parseObject(response.body());
        assertThat(body.string("url")).isEqualTo(fixture.config.livekitUrl());
        String jwt = body.string("jwt");
        assertThat(Jwts.signatureValid(jwt, Fixture.SECRET)).isTrue();
        JsonObject claims = Jwts.payload(jwt);
        assertThat(claims.string("sub")).isEqualTo(fixture.alice() + ":DEVICE");
        assertThat(claims.object("video").string("room"))
                .isEqualTo(LiveKitNames.roomName("!room:example.com", "m.call#ROOM"));
    }

    @Test
    void emptyDeviceId_endsIdentityWithColon() {
        var response = fixture.post("/sfu/get", fixture.legacyBody("good").replace("\"DEVICE\"", "\"\""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Jwts.payload(Json.parseObject(response.body()).string("jwt")).string("sub"))
                .isEqualTo(fixture.alice() + ":");
    }

    @Test
    void restrictedUser_getsTokenWithoutRoomCreation() {
        int before = fixture.sfu.calls().size();

        var response = fixture.post("/sfu/get", fixture.legacyBody("good"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fixture.sfu.calls()).hasSize(before);
    }

    @Test
    void restrictedUserAskingForDelegation_isBadJson() {
        String body = fixture.legacyBody("good").replaceFirst("\\{", "{\"delay_id\":\"d\",\"delay_timeout\":8000,");

        var response = fixture.post("/sfu/get", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errcode\":\"M_BAD_JSON\",\"error\":"
                + "\"Delegation of delayed events is only supported for full access users\"}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "null", "{\"room\":\"\"}"})
    void missingRoom_isBadJson(String body) {
        var response = fixture.post("/sfu/get", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errcode\":\"M_BAD_JSON\",\"error\":\"Missing room parameter\"}\n");
    }

    @Test
    void missingOpenIdParameters_isBadJson() {
        var response = fixture.post("/sfu/get", "{\"room\":\"r\",\"openid_token\":{\"access_token\":\"t\"}}");

        assertThat(response.body())
                .isEqualTo("{\"errcode\":\"M_BAD_JSON\",\"error\":\"Missing OpenID token parameters\"}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"room_id\":\"!r:x\"}", "{\"room\":1}", "{\"member\":{}}"})
    void undecodableOrGetTokenShapedBody_isNotJson(String body) {
        var response = fixture.post("/sfu/get", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errcode\":\"M_NOT_JSON\",\"error\":\"Error reading request\"}\n");
    }

    @Test
    void unknownToken_isUnauthorised() {
        GetTokenEndpointTest.assertUnauthorised(fixture.post("/sfu/get", fixture.legacyBody("nope")));
    }

    @Test
    void options_isOkAndOtherMethodsAre405WithCors() {
        var options = fixture.request("OPTIONS", "/sfu/get");
        var get = fixture.request("GET", "/sfu/get");

        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }
}
