package dev.myelin.client.rtc;

import dev.myelin.client.http.RequestTimeoutException;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/** Classifies a failed request as matrix-js-sdk 43 does, for the membership lifecycle. */
public final class RequestOutcomes {
    private RequestOutcomes() {
    }

    public static RequestOutcome classify(RuntimeException failure) {
        return switch (failure) {
            case RequestTimeoutException timeout -> new RequestOutcome.LocalTimeout();
            case UncheckedIOException io -> new RequestOutcome.NetworkError();
            case MatrixException error -> classify(error);
            default -> new RequestOutcome.OtherError(0, "M_UNKNOWN");
        };
    }

    private static RequestOutcome classify(MatrixException error) {
        if (error.status() == 429 || error.errcode().equals(ErrorCode.LIMIT_EXCEEDED)) {
            OptionalLong retryAfter = error.extra().lenientInteger("retry_after_ms");
            return new RequestOutcome.RateLimited(retryAfter);
        }
        if (error.errcode().equals(ErrorCode.UNKNOWN)
                && "M_MAX_DELAY_EXCEEDED".equals(error.extra().lenientString("org.matrix.msc4140.errcode").orElse(""))) {
            OptionalLong max = error.extra().lenientInteger("org.matrix.msc4140.max_delay");
            if (max.isPresent()) {
                return new RequestOutcome.MaxDelayExceeded(max.getAsLong());
            }
        }
        if (error.status() >= 500 || error.getMessage().contains("updating delayed event")) {
            return new RequestOutcome.NetworkError();
        }
        if (error.errcode().equals(ErrorCode.NOT_FOUND)) {
            // Also a 409 on a finished delayed event (MSC4140): gone, whatever the status.
            return new RequestOutcome.NotFound();
        }
        return switch (error.status()) {
            case 404 -> new RequestOutcome.NotFound();
            case 403 -> new RequestOutcome.Forbidden();
            default -> new RequestOutcome.OtherError(error.status(), error.errcode().value());
        };
    }
}
