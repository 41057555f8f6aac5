package dev.myelin.client.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Retry-After} header: delay-seconds, or an HTTP date measured against the response's {@code Date}. */
final class RetryAfter {
    private RetryAfter() {
    }

    static Optional<Long> parseMillis(Optional<String> header, Optional<String> date) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Long.parseLong(value) * 1_000);
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            // Without the server's Date the HTTP date cannot be compared to a clock we trust here.
            return date.map(now -> ZonedDateTime.parse(now, DateTimeFormatter.RFC_1123_DATE_TIME))
                    .map(now -> Math.max(0, Duration.between(now, at).toMillis()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
