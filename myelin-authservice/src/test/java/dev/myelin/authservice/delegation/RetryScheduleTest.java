package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    @Test
    void backoff_growsByHalfWithinFiftyPercentJitterAndCapsAtAMinute() {
        long seed = new Random().nextLong();
        System.out.println("RetryScheduleTest seed " + seed);
        var backoff = new ExponentialBackoff(new Random(seed));
        double interval = 1.0;
        for (int i = 0; i < 30; i++) {
            double wait = backoff.next().toNanos() / 1e9;
            assertThat(wait).as("attempt %d (seed %d)", i, seed)
                    .isBetween(interval * 0.5, interval * 1.5 + 1e-9);
            interval = Math.min(60, interval * 1.5);
        }
    }

    @Test
    void retryAfter_resetsTheBackoff() {
        var backoff = new ExponentialBackoff(new Random(3));
        var schedule = new RetrySchedule(backoff, Instant.EPOCH, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            schedule.afterFailure(Instant.EPOCH, Optional.empty());
        }

        assertThat(schedule.afterFailure(Instant.EPOCH, Optional.of(Duration.ofSeconds(2))))
                .hasValue(Instant.EPOCH.plusSeconds(2));
        assertThat(Duration.between(Instant.EPOCH, schedule.afterFailure(Instant.EPOCH, Optional.empty()).orElseThrow()))
                .isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
    }

    @Test
    void afterFailure_givesUpWhenElapsedPlusWaitExceedsTheBudget() {
        var schedule = new RetrySchedule(new ExponentialBackoff(new Random(5)), Instant.EPOCH, Duration.ofSeconds(10));

        assertThat(schedule.afterFailure(Instant.EPOCH.plusSeconds(9), Optional.of(Duration.ofSeconds(1))))
                .hasValue(Instant.EPOCH.plusSeconds(10));
        assertThat(schedule.afterFailure(Instant.EPOCH.plusSeconds(9), Optional.of(Duration.ofMillis(1001))))
                .isEmpty();
    }
}
