package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.livekit.LiveKitNames;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetTokenEndpointTest {
    private static Fixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = Fixture.fullAccess();
        fixture.homeserver.accept("good", fixture.alice());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void post_validRequest_returnsUrlAndSignedJoinToken() throws Exception {
        var response = fixture.post("/get_token", fixture.getTokenBody("good"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).endsWith("}\n");
        JsonObject body = Json.parseObject(response.body());
        assertThat(body.members().keySet()).containsExactly("url", "jwt");
        assertThat(body.string("url")).isEqualTo(fixture.config.livekitUrl());
        String jwt = body.string("jwt");
        assertThat(Jwts.signatureValid(jwt, Fixture.SECRET)).isTrue();
        assertThat(Jwts.header(jwt)).isEqualTo(Json.parseObject("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        JsonObject claims = Jwts.payload(jwt);
        long now = Instant.now().getEpochSecond();
        assertThat(claims.string("iss")).isEqualTo(Fixture.KEY);
        assertThat(claims.string("sub")).isEqualTo(LiveKitNames.identity(fixture.alice(), "DEVICE", "member1"));
        assertThat(claims.integer("nbf")).isBetween(now - 5, now + 1);
        assertThat(claims.integer("iat")).isEqualTo(claims.integer("nbf"));
        assertThat(claims.integer("exp")).isEqualTo(claims.integer("nbf") + 3600);
        assertThat(claims.object("video")).isEqualTo(Json.parseObject("""
                {"canPublish":true,"canSubscribe":true,"canUpdateOwnMetadata":true,
                 "room":"%s","roomJoin":true}""".formatted(LiveKitNames.roomName("!room:example.com", "m.call#ROOM"))));
    }

    @Test
    void post_anyContentType_isIgnored() {
        var response = fixture.send(HttpRequest.newBuilder(fixture.uri("/get_token"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(fixture.getTokenBody("good"))));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void everyResponse_carriesCorsAndJsonHeaders() {
        for (HttpResponse<String> response : new HttpResponse[] {
                fixture.post("/get_token", fixture.getTokenBody("good")),
                fixture.post("/get_token", "{}"),
                fixture.request("OPTIONS", "/get_token"),
                fixture.request("GET", "/get_token")}) {
            var headers = response.headers();
            assertThat(headers.firstValue("Content-Type")).hasValue("application/json");
            assertThat(headers.firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(headers.firstValue("Access-Control-Allow-Methods")).hasValue("POST");
            assertThat(headers.firstValue("Access-Control-Allow-Headers"))
                    .hasValue("Accept, Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token");
            assertThat(headers.map()).doesNotContainKeys("vary", "access-control-max-age",
                    "access-control-allow-credentials");
        }
    }

    @Test
    void options_returns200WithEmptyBody() {
        var response = fixture.request("OPTIONS", "/get_token");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "post"})
    void otherMethods_return405WithEmptyBody(String method) {
        var response = fixture.request(method, "/get_token");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not json", "[]", "\"x\"", "42", "{", "{\"room_id\":\"a\",}",
            "{\"room_id\":3}", "{\"unknown\":1}", "{\"member\":{\"membership\":\"join\"}}",
            "{\"openid_token\":{\"expires_in\":\"3600\"}}", "{\"openid_token\":{\"expires_in\":3600.5}}",
            "{\"openid_token\":{\"expires_in\":3.6e3}}", "{\"openid_token\":\"x\"}", "{\"delay_timeout\":true}",
            "{\"room_id\":\"\\x\"}", "{\"slot_id\":[\"a\"]}"})
    void undecodableBody_isNotJson(String body) {
        var response = fixture.post("/get_token", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errcode\":\"M_NOT_JSON\",\"error\":\"Error reading request\"}\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "null", "{\"room_id\":null}", "{\"room_id\":\"!r:x\"}", "{\"slot_id\":\"s\"}"})
    void missingRoomOrSlot_isBadJson(String body) {
        assertBadJson(fixture.post("/get_token", body), "The request body is missing `room_id` or `slot_id`");
    }

    @Test
    void missingMemberField_isBadJsonBeforeTokenCheck() {
        assertBadJson(fixture.post("/get_token", """
                        {"room_id":"!r:x","slot_id":"s","member":{"id":"m","claimed_user_id":"@a:x"}}"""),
                "The request body `member` is missing a `id`, `claimed_user_id` or `claimed_device_id`");
    }

    @Test
    void missingOpenIdField_isBadJson() {
        assertBadJson(fixture.post("/get_token", """
                        {"room_id":"!r:x","slot_id":"s","openid_token":{"access_token":"t"},
                         "member":{"id":"m","claimed_user_id":"@a:x","claimed_device_id":"D"}}"""),
                "The request body `openid_token` is missing a `access_token` or `matrix_server_name`");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"delay_id\":\"d\"", "\"delay_timeout\":8000", "\"delay_id\":\"d\",\"delay_timeout\":0"})
    void partialDelayParameters_areBadJson(String delay) {
        String body = fixture.getTokenBody("good").replaceFirst("\\{", "{" + delay + ",");
        assertBadJson(fixture.post("/get_token", body), "The request body is missing `delay_id` or `delay_timeout`");
    }

    @Test
    void bodyQuirks_decodeAsGoDoes() {
        String body = fixture.getTokenBody("good").strip();
        // trailing bytes after the first value are ignored; member names match case-insensitively; last one wins
        String quirky = body.replace("\"room_id\":\"!room:example.com\"",
                "\"ROOM_ID\":\"!other:example.com\",\"Room_Id\":\"!room:example.com\",\"slot_id\":null") + " trailing";
        var response = fixture.post("/get_token", quirky);

        assertThat(response.statusCode()).isEqualTo(200);
        String room = Jwts.payload(Json.parseObject(response.body()).string("jwt")).object("video").string("room");
        assertThat(room).isEqualTo(LiveKitNames.roomName("!room:example.com", "m.call#ROOM"));
    }

    @Test
    void hugeTrailingBytesAfterTheFirstValue_areIgnored() {
        String body = fixture.getTokenBody("good") + " ".repeat(3 << 20) + "garbage";

        assertThat(fixture.post("/get_token", body).statusCode()).isEqualTo(200);
    }

    @Test
    void firstValueLongerThanTheReadLimit_isNotJson() {
        String body = "{\"room_id\":\"" + "a".repeat(2 << 20) + "\"}";

        var response = fixture.post("/get_token", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("M_NOT_JSON");
    }

    @Test
    void unknownToken_isUnauthorised() {
        assertUnauthorised(fixture.post("/get_token", fixture.getTokenBody("unknown")));
    }

    @Test
    void claimedUserOtherThanSubject_isUnauthorised() {
        fixture.homeserver.accept("bob-token", "@bob:" + fixture.homeserver.serverName());

        assertUnauthorised(fixture.post("/get_token", fixture.getTokenBody("bob-token")));
    }

    @Test
    void subjectFromAnotherServer_isUnauthorised() {
        fixture.homeserver.accept("foreign", "@alice:evil.example");
        String body = fixture.getTokenBody("foreign").replace("\"@alice:" + fixture.homeserver.serverName() + "\"",
                "\"@alice:evil.example\"");

        assertUnauthorised(fixture.post("/get_token", body));
    }

    @Test
    void malformedUserinfoAnswer_isUnauthorised() {
        fixture.homeserver.answerRaw("weird", "{\"sub\":42}");

        assertUnauthorised(fixture.post("/get_token", fixture.getTokenBody("weird")));
    }

    @Test
    void unreachableHomeserver_isUnauthorised() {
        String body = fixture.getTokenBody("good").replace(fixture.homeserver.serverName(), "127.0.0.1:1");

        assertUnauthorised(fixture.post("/get_token", body));
    }

    @Test
    void fullAccessUser_createsTheRoomOverTwirp() throws Exception {
        String body = fixture.getTokenBody("good").replace("!room:example.com", "!twirp:example.com");
        var response = fixture.post("/get_token", body);

        assertThat(response.statusCode()).isEqualTo(200);
        String roomName = LiveKitNames.roomName("!twirp:example.com", "m.call#ROOM");
        var call = fixture.sfu.calls().stream()
                .filter(c -> new String(c.body(), java.nio.charset.StandardCharsets.UTF_8).contains(roomName))
                .findFirst().orElseThrow();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/twirp/livekit.RoomService/CreateRoom");
        assertThat(call.contentType()).isEqualTo("application/protobuf");
        var expected = new java.io.ByteArrayOutputStream();
        expected.write(new byte[] {0x0a, (byte) roomName.length()});
        expected.write(roomName.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        expected.write(new byte[] {0x10, (byte) 0xac, 0x02, 0x50, 0x14});
        assertThat(call.body()).isEqualTo(expected.toByteArray());
        String bearer = call.authorization().substring("Bearer ".length());
        assertThat(Jwts.signatureValid(bearer, Fixture.SECRET)).isTrue();
        JsonObject claims = Jwts.payload(bearer);
        assertThat(claims.string("iss")).isEqualTo(Fixture.KEY);
        assertThat(claims.has("sub")).isFalse();
        assertThat(claims.object("video")).isEqualTo(Json.parseObject("{\"roomCreate\":true}"));
    }

    private static void assertBadJson(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parseObject(response.body())).isEqualTo(
                JsonObject.builder().put("errcode", "M_BAD_JSON").put("error", message).build());
    }

    static void assertUnauthorised(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(
                "{\"errcode\":\"M_UNAUTHORIZED\",\"error\":\"The request could not be authorised.\"}\n");
    }
}
