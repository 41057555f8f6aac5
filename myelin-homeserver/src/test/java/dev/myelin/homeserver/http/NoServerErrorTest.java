package dev.myelin.homeserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.Json;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** No client input earns a 500: random bodies, ids and query strings against every route family (seeded). */
@ExtendWith(HomeserverExtension.class)
class NoServerErrorTest {
    private static final int REQUESTS = 400;
    private static final List<String> TEMPLATES = List.of(
            "POST /_matrix/client/v3/register", "POST /_matrix/client/v3/login", "POST /_matrix/client/v3/logout",
            "POST /_matrix/client/v3/createRoom", "PUT /_matrix/client/v3/rooms/{room}/send/{s}/{s}",
            "PUT /_matrix/client/v3/rooms/{room}/state/{s}/{s}", "GET /_matrix/client/v3/rooms/{room}/state/{s}/{s}",
            "GET /_matrix/client/v3/rooms/{room}/messages?from={s}&dir={s}&limit={s}",
            "POST /_matrix/client/v3/join/{room}", "POST /_matrix/client/v3/rooms/{room}/invite",
            "POST /_matrix/client/v3/rooms/{room}/kick", "PUT /_matrix/client/v3/rooms/{room}/redact/{s}/{s}",
            "GET /_matrix/client/v3/sync?since={s}&timeout={s}&full_state={s}",
            "PUT /_matrix/client/v3/sendToDevice/{s}/{s}", "POST /_matrix/client/v3/keys/upload",
            "POST /_matrix/client/v3/keys/query", "POST /_matrix/client/v3/keys/claim",
            "GET /_matrix/client/v3/keys/changes?from={s}&to={s}", "POST /_matrix/client/v3/user/{user}/filter",
            "GET /_matrix/client/v3/user/{user}/filter/{s}", "PUT /_matrix/client/v3/user/{user}/account_data/{s}",
            "PUT /_matrix/client/v3/profile/{user}/displayname", "PUT /_matrix/client/v3/directory/room/{s}",
            "POST /_matrix/client/v3/user/{user}/openid/request_token",
            "GET /_matrix/federation/v1/openid/userinfo?access_token={s}");

    private final TestClient anonymous;

    NoServerErrorTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    @Test
    void randomRequests_neverGet5xx() {
        long seed = RandomGenerator.getDefault().nextLong();
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        var alice = anonymous.register("fuzz", "pw");
        String roomId = alice.client().post("/_matrix/client/v3/createRoom", JsonObject.EMPTY).json()
                .string("room_id");
        var failures = new ArrayList<String>();
        for (int i = 0; i < REQUESTS; i++) {
            String[] template = TEMPLATES.get(random.nextInt(TEMPLATES.size())).split(" ", 2);
            String path = fill(template[1], random, roomId, alice.userId());
            byte[] body = template[0].equals("GET") ? null : body(random);
            TestClient client = random.nextInt(10) == 0 ? anonymous : alice.client();
            TestClient.TestResponse response;
            try {
                response = client.send(template[0], path, body);
            } catch (IllegalStateException e) {
                failures.add(template[0] + " " + path + " " + (body == null ? "" : new String(body,
                        StandardCharsets.UTF_8)) + " -> connection failed: " + e.getMessage());
                continue;
            }
            if (response.status() >= 500 || !response.header("Content-Type").orElse("").startsWith(
                    "application/json")) {
                failures.add(template[0] + " " + path + " " + (body == null ? "" : new String(body,
                        StandardCharsets.UTF_8)) + " -> " + response);
            }
        }
        assertThat(failures).as("seed %d", seed).isEmpty();
    }

    private static String fill(String template, RandomGenerator random, String roomId, String userId) {
        String result = template;
        while (result.contains("{room}")) {
            result = result.replaceFirst("\\{room}", enc(random.nextInt(3) == 0 ? randomText(random) : roomId));
        }
        while (result.contains("{user}")) {
            result = result.replaceFirst("\\{user}", enc(random.nextInt(3) == 0 ? randomText(random) : userId));
        }
        while (result.contains("{s}")) {
            result = result.replaceFirst("\\{s}", java.util.regex.Matcher.quoteReplacement(enc(randomText(random))));
        }
        return result;
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String randomText(RandomGenerator random) {
        String[] samples = {"", "s1_0_0_0", "s-1", "!x:test.myelin", "@a:b", "#x:test.myelin", "$e", "b", "f",
                "-5", "99999999999999999999", "m.room.message", "m.room.power_levels", "m.room.member", "*",
                "\u0000", "ü/é", "@fuzz:test.myelin", "true", "1"};
        if (random.nextInt(4) == 0) {
            var out = new StringBuilder();
            int length = random.nextInt(1, 30);
            for (int i = 0; i < length; i++) {
                out.appendCodePoint(random.nextInt(0x20, 0x2FF));
            }
            return out.toString();
        }
        return samples[random.nextInt(samples.length)];
    }

    private static byte[] body(RandomGenerator random) {
        return switch (random.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> "{\"broken\": [1, 2".getBytes(StandardCharsets.UTF_8);
            case 2 -> Json.writeBytes(randomValue(random, 0));
            default -> Json.writeBytes(randomObject(random, 0));
        };
    }

    private static JsonObject randomObject(RandomGenerator random, int depth) {
        String[] keys = {"type", "user", "password", "identifier", "auth", "session", "username", "device_id",
                "messages", "device_keys", "one_time_keys", "fallback_keys", "room_id", "user_id", "displayname",
                "preset", "initial_state", "invite", "room_version", "power_level_content_override", "content",
                "state_key", "body", "ban", "users", "events", "room_alias_name", "reason", "timeout", "creator"};
        var builder = JsonObject.builder();
        int size = random.nextInt(0, 6);
        for (int i = 0; i < size; i++) {
            builder.put(keys[random.nextInt(keys.length)], randomValue(random, depth + 1));
        }
        return builder.build();
    }

    private static JsonValue randomValue(RandomGenerator random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> JsonValue.of(randomText(random));
            case 1 -> JsonValue.of(random.nextLong(-10, 1_000));
            case 2 -> JsonValue.of(random.nextBoolean());
            case 3 -> JsonValue.of(new java.math.BigDecimal("1.5"));
            case 4 -> dev.myelin.json.JsonNull.INSTANCE;
            case 5 -> new JsonArray(List.of(randomValue(random, depth + 1), randomValue(random, depth + 1)));
            default -> randomObject(random, depth + 1);
        };
    }
}
