package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * More parked {@code /sync} long-polls than Jetty's default cap of 200 virtual threads (java-stack.md trap 2): other
 * requests are still served at once, and one event wakes every poll.
 */
@ExtendWith(HomeserverExtension.class)
class LongPollCapacityTest {
    private static final int POLLS = 300;

    @Test
    void threeHundredParkedSyncs_doNotStallOtherRequests_andAllWakeOnOneEvent(Homeserver homeserver,
            TestClient client) throws Exception {
        var alice = client.register("alice", "pw");
        String roomId = alice.client().post("/_matrix/client/v3/createRoom", JsonObject.EMPTY).json()
                .string("room_id");
        String since = alice.client().get("/_matrix/client/v3/sync?timeout=0").json().string("next_batch");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI syncUri = homeserver.baseUri().resolve("/_matrix/client/v3/sync?timeout=60000&since=" + since);
        var polls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
        for (int i = 0; i < POLLS; i++) {
            polls.add(http.sendAsync(HttpRequest.newBuilder(syncUri).timeout(Duration.ofSeconds(90))
                    .header("Authorization", "Bearer " + alice.accessToken()).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (homeserver.parkedLongPolls() < POLLS && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        assertThat(homeserver.parkedLongPolls()).as("parked long-polls").isEqualTo(POLLS);

        long start = System.nanoTime();
        var versions = client.get("/_matrix/client/versions");
        assertThat(versions.status()).isEqualTo(200);
        assertThat(System.nanoTime() - start).as("versions while %d polls park", POLLS)
                .isLessThan(TimeUnit.SECONDS.toNanos(5));

        String eventId = alice.client().put("/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId,
                StandardCharsets.UTF_8) + "/send/m.room.message/wake", JsonObject.builder().put("body", "all")
                .build()).json().string("event_id");
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<String> bodies = polls.stream().map(CompletableFuture::join).map(HttpResponse::body).toList();
        assertThat(bodies).hasSize(POLLS).allSatisfy(body -> assertThat(Json.parseObject(body).object("rooms")
                .object("join").object(roomId).object("timeline").array("events").objects())
                .extracting(e -> e.string("event_id")).contains(eventId));
    }
}
