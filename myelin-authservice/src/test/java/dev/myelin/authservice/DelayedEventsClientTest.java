package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.delegation.DelayedEventOutcome;
import dev.myelin.authservice.delegation.DelayedEventsClient;
import dev.myelin.authservice.delegation.JobAction.DelayedEventCall;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MSC4140 calls against a loopback homeserver: the request upstream sends and how each answer is classified. */
class DelayedEventsClientTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<LoopbackServer.Answer> answer =
            new AtomicReference<>(LoopbackServer.Answer.json(200, "{}"));
    private final LoopbackServer server = new LoopbackServer(new LoopbackServer.Responder() {
        @Override
        public LoopbackServer.Answer answer(org.eclipse.jetty.server.Request request, byte[] body) {
            requests.add(request.getMethod() + " " + request.getHttpURI().getPathQuery() + " "
                    + request.getHeaders().get("Content-Type") + " "
                    + request.getHeaders().get("Authorization") + " " + new String(body, StandardCharsets.UTF_8));
            return answer.get();
        }
    });
    private final DelayedEventsClient client = new DelayedEventsClient(HttpClient.newHttpClient(), () -> NOW);

    @AfterEach
    void stop() {
        server.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void call_postsAnEmptyObjectWithoutAnyAccessToken() {
        var outcome = client.call(base() + "/", "syd_abc", DelayedEventCall.RESTART);

        assertThat(outcome).isEqualTo(new DelayedEventOutcome.Accepted());
        assertThat(requests).containsExactly("POST /_matrix/client/unstable/org.matrix.msc4140/delayed_events/"
                + "syd_abc/restart application/json null {}");
    }

    @Test
    void answers_areClassifiedAsUpstream() {
        answer.set(LoopbackServer.Answer.json(204, ""));
        assertThat(client.call(base(), "d", DelayedEventCall.SEND)).isEqualTo(new DelayedEventOutcome.Accepted());
        answer.set(LoopbackServer.Answer.json(404, "{}"));
        assertThat(client.call(base(), "d", DelayedEventCall.SEND)).isEqualTo(new DelayedEventOutcome.NotFound());
        answer.set(LoopbackServer.Answer.json(502, "{}"));
        assertThat(client.call(base(), "d", DelayedEventCall.SEND)).isInstanceOf(DelayedEventOutcome.Transient.class);
        answer.set(LoopbackServer.Answer.json(400, "{}"));
        assertThat(client.call(base(), "d", DelayedEventCall.SEND)).isInstanceOf(DelayedEventOutcome.Transient.class);
        answer.set(LoopbackServer.Answer.json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":1500}"));
        assertThat(client.call(base(), "d", DelayedEventCall.SEND))
                .isEqualTo(new DelayedEventOutcome.RetryAfter(Duration.ofSeconds(2)));
        answer.set(LoopbackServer.Answer.json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\"}"));
        assertThat(client.call(base(), "d", DelayedEventCall.SEND)).isInstanceOf(DelayedEventOutcome.Transient.class);
        assertThat(client.call("http://127.0.0.1:1", "d", DelayedEventCall.SEND))
                .isInstanceOf(DelayedEventOutcome.Transient.class);
        assertThat(client.call("not a url", "d", DelayedEventCall.SEND))
                .isInstanceOf(DelayedEventOutcome.Transient.class);
    }
}
