package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DelayedEventsClassificationTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final DelayedEventsClient client = new DelayedEventsClient(HttpClient.newHttpClient(), () -> NOW);

    private DelayedEventOutcome tooMany(String header, String body) {
        return client.classify(429, Optional.ofNullable(header), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void retryAfterHeader_secondsOrDateWinOverTheBodyHint() {
        String body = "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":9000}";
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(7).atOffset(ZoneOffset.UTC));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(7).atOffset(ZoneOffset.UTC));

        assertThat(tooMany("3", body)).isEqualTo(new DelayedEventOutcome.RetryAfter(Duration.ofSeconds(3)));
        assertThat(tooMany("+4", body)).isEqualTo(new DelayedEventOutcome.RetryAfter(Duration.ofSeconds(4)));
        assertThat(tooMany("-3", body)).isEqualTo(new DelayedEventOutcome.RetryAfter(Duration.ZERO));
        assertThat(tooMany(date, body)).isEqualTo(new DelayedEventOutcome.RetryAfter(Duration.ofSeconds(7)));
        assertThat(tooMany(past, body)).isEqualTo(new DelayedEventOutcome.RetryAfter(Duration.ZERO));
        assertThat(tooMany("soon", body)).isEqualTo(new DelayedEventOutcome.RetryAfter(Duration.ofSeconds(9)));
        assertThat(tooMany(null, "{\"retry_after_ms\":1}"))
                .isEqualTo(new DelayedEventOutcome.RetryAfter(Duration.ofSeconds(1)));
    }

    @Test
    void tooManyWithoutUsableHint_isTransient() {
        assertThat(tooMany(null, "{\"retry_after_ms\":0}")).isInstanceOf(DelayedEventOutcome.Transient.class);
        assertThat(tooMany(null, "{\"retry_after_ms\":\"5\"}")).isInstanceOf(DelayedEventOutcome.Transient.class);
        assertThat(tooMany(null, "<html>")).isInstanceOf(DelayedEventOutcome.Transient.class);
    }

    @Test
    void uri_trimsTrailingSlashesAndKeepsABasePath() {
        assertThat(DelayedEventsClient.uri("https://hs.example/matrix//", "syd_1", JobAction.DelayedEventCall.SEND))
                .hasToString("https://hs.example/matrix/_matrix/client/unstable/org.matrix.msc4140/delayed_events/"
                        + "syd_1/send");
    }

    @Test
    void delayIdWithPathCharacters_staysOneSegment() {
        assertThat(DelayedEventsClient.uri("https://hs.example", "../../x?y#z /", JobAction.DelayedEventCall.SEND))
                .hasToString("https://hs.example/_matrix/client/unstable/org.matrix.msc4140/delayed_events/"
                        + "..%2F..%2Fx%3Fy%23z%20%2F/send");
    }
}
