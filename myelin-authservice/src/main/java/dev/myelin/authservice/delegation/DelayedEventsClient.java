package dev.myelin.authservice.delegation;

import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * MSC4140's delayed-event actions as upstream calls them: {@code POST} with body {@code {}}, no access token (the
 * delay id is the capability), 5 s timeout, and upstream's classification of the answer.
 */
public final class DelayedEventsClient {
    static final String ENDPOINT = "/_matrix/client/unstable/org.matrix.msc4140/delayed_events";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final InstantSource clock;

    public DelayedEventsClient(HttpClient http, InstantSource clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * The action's URL. Unlike upstream ({@code url.JoinPath}, which keeps a {@code /} in the id as a path separator)
     * the id is escaped as one path segment, so a client can only ever address its own delayed event.
     */
    static URI uri(String clientApiUrl, String delayId, JobAction.DelayedEventCall call) {
        String base = clientApiUrl;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String segment = URLEncoder.encode(delayId, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create(base + ENDPOINT + "/" + segment + "/" + call.path());
    }

    public DelayedEventOutcome call(String clientApiUrl, String delayId, JobAction.DelayedEventCall call) {
        HttpResponse<byte[]> response;
        try {
            var request = HttpRequest.newBuilder(uri(clientApiUrl, delayId, call))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            return new DelayedEventOutcome.Transient(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DelayedEventOutcome.Transient("interrupted");
        }
        return classify(response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
    }

    DelayedEventOutcome classify(int status, Optional<String> retryAfterHeader, byte[] body) {
        if (status == 200 || status == 204) {
            return new DelayedEventOutcome.Accepted();
        }
        if (status == 404) {
            return new DelayedEventOutcome.NotFound();
        }
        if (status == 429) {
            return retryHint(retryAfterHeader.orElse(""), body)
                    .<DelayedEventOutcome>map(DelayedEventOutcome.RetryAfter::new)
                    .orElse(new DelayedEventOutcome.Transient("HTTP 429"));
        }
        return new DelayedEventOutcome.Transient("HTTP " + status);
    }

    /** {@code Retry-After} seconds or HTTP date (negative → 0), else {@code retry_after_ms} rounded up to seconds. */
    Optional<Duration> retryHint(String header, byte[] body) {
        if (header.matches("[+-]?[0-9]{1,18}")) { // strconv.Atoi
            long seconds = Long.parseLong(header.startsWith("+") ? header.substring(1) : header);
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        }
        try {
            ZonedDateTime date = ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration until = Duration.between(clock.instant(), date.toInstant());
            // Go truncates the wait to whole seconds.
            return Optional.of(Duration.ofSeconds(Math.max(0, until.getSeconds() + (until.isNegative() ? 1 : 0))));
        } catch (DateTimeParseException notADate) {
            // fall through to the Matrix body
        }
        try {
            JsonObject error = Json.parseObject(body);
            long millis = error.optionalInteger("retry_after_ms").orElse(0);
            if (millis > 0) {
                return Optional.of(Duration.ofSeconds((millis + 999) / 1000));
            }
        } catch (JsonException ignored) {
            // no usable hint
        }
        return Optional.empty();
    }
}
