package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.RateLimit;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitTest {
    @TempDir
    Path data;

    @Test
    void sendingPastTheBurst_is429WithRetryAfter_untilTokensRefill_whileTxnRetriesStayFree() {
        var now = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        var config = HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).clock(clock)
                .messageRateLimit(new RateLimit(0.5, 2)).build();
        try (var server = Homeserver.start(config)) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String roomId = alice.client().post("/_matrix/client/v3/createRoom", JsonObject.EMPTY).json()
                    .string("room_id");
            String send = "/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                    + "/send/m.room.message/";
            JsonObject body = JsonObject.builder().put("body", "x").build();

            var first = alice.client().put(send + "1", body);
            var second = alice.client().put(send + "2", body);
            var limited = alice.client().put(send + "3", body);
            var retryOfFirst = alice.client().put(send + "1", body);
            now.addAndGet(2_000);
            var afterRefill = alice.client().put(send + "3", body);

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
            assertThat(limited.json().integer("retry_after_ms")).isEqualTo(2000);
            assertThat(limited.header("Retry-After")).hasValue("2");
            assertThat(retryOfFirst.status()).isEqualTo(200);
            assertThat(retryOfFirst.json()).isEqualTo(first.json());
            assertThat(afterRefill.status()).isEqualTo(200);
        }
    }
}
