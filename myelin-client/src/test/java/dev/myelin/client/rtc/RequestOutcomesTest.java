package dev.myelin.client.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.http.RequestTimeoutException;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.rtc.lifecycle.RequestOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RequestOutcomesTest {

    @Test
    void classify_followsJsSdk() {
        assertThat(RequestOutcomes.classify(MatrixException.limitExceeded(700)))
                .isEqualTo(new RequestOutcome.RateLimited(OptionalLong.of(700)));
        assertThat(RequestOutcomes.classify(new MatrixException(400, ErrorCode.UNKNOWN, "too long",
                JsonObject.builder().put("org.matrix.msc4140.errcode", "M_MAX_DELAY_EXCEEDED")
                        .put("org.matrix.msc4140.max_delay", 4_000).build())))
                .isEqualTo(new RequestOutcome.MaxDelayExceeded(4_000));
        assertThat(RequestOutcomes.classify(MatrixException.notFound("gone"))).isEqualTo(new RequestOutcome.NotFound());
        assertThat(RequestOutcomes.classify(MatrixException.forbidden("no"))).isEqualTo(new RequestOutcome.Forbidden());
        assertThat(RequestOutcomes.classify(new MatrixException(501, ErrorCode.UNKNOWN, "nope")))
                .isEqualTo(new RequestOutcome.NetworkError());
        assertThat(RequestOutcomes.classify(new MatrixException(400, ErrorCode.UNKNOWN,
                "Error updating delayed event"))).isEqualTo(new RequestOutcome.NetworkError());
        assertThat(RequestOutcomes.classify(new UncheckedIOException(new IOException("refused"))))
                .isEqualTo(new RequestOutcome.NetworkError());
        assertThat(RequestOutcomes.classify(new RequestTimeoutException("slow")))
                .isEqualTo(new RequestOutcome.LocalTimeout());
        assertThat(RequestOutcomes.classify(MatrixException.badJson("bad")))
                .isEqualTo(new RequestOutcome.OtherError(400, "M_BAD_JSON"));
    }
}
