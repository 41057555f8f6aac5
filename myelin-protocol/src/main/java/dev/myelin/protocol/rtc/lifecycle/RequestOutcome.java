package dev.myelin.protocol.rtc.lifecycle;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** How a request ended, as the driver classifies the HTTP result. */
public sealed interface RequestOutcome {

    /** Success; {@code delayId} for {@code CreateDelayedLeave}. */
    record Ok(Optional<String> delayId) implements RequestOutcome {
        public Ok {
            Objects.requireNonNull(delayId, "delayId");
        }

        public static Ok empty() {
            return new Ok(Optional.empty());
        }
    }

    /** 429 or M_LIMIT_EXCEEDED; {@code retryAfterMs} from Retry-After or retry_after_ms when given. */
    record RateLimited(OptionalLong retryAfterMs) implements RequestOutcome {
        public RateLimited {
            Objects.requireNonNull(retryAfterMs, "retryAfterMs");
        }
    }

    /** M_UNKNOWN with org.matrix.msc4140.errcode M_MAX_DELAY_EXCEEDED and the server's maximum. */
    record MaxDelayExceeded(long maxDelayMs) implements RequestOutcome {
    }

    /** 404: the delayed event is unknown or already finished. */
    record NotFound() implements RequestOutcome {
    }

    /** 403 M_FORBIDDEN. */
    record Forbidden() implements RequestOutcome {
    }

    /** Connection failure or 5xx. */
    record NetworkError() implements RequestOutcome {
    }

    /** The driver gave up after the request's local timeout. */
    record LocalTimeout() implements RequestOutcome {
    }

    /** Any other error response. */
    record OtherError(int status, String errcode) implements RequestOutcome {
        public OtherError {
            Objects.requireNonNull(errcode, "errcode");
        }
    }
}
