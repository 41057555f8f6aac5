package dev.myelin.authservice.delegation;

import java.time.Duration;

/** How a restart or send call ended, classified as upstream's {@code ExecuteDelayedEventAction} does. */
public sealed interface DelayedEventOutcome {
    /** 200 or 204. */
    record Accepted() implements DelayedEventOutcome {
    }

    /** 404: on send the event was already sent or cancelled (done); on restart it is gone (abort). */
    record NotFound() implements DelayedEventOutcome {
    }

    /** 429 with a usable hint ({@code Retry-After} or {@code retry_after_ms}). */
    record RetryAfter(Duration delay) implements DelayedEventOutcome {
    }

    /** Anything else: 5xx, other statuses, transport errors; retried on the back-off schedule. */
    record Transient(String reason) implements DelayedEventOutcome {
    }

    /** The client-server API of the user's server could not be found. */
    record ClientApiUnresolved() implements DelayedEventOutcome {
    }
}
