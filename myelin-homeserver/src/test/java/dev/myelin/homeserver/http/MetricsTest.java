package dev.myelin.homeserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
class MetricsTest {
    private final TestClient client;

    MetricsTest(TestClient client) {
        this.client = client;
    }

    @Test
    void metrics_countRequestsByMethodAndStatus_andReportParkedLongPolls() {
        client.get("/_matrix/client/versions");
        client.get("/_matrix/client/v3/nothing-here");

        var response = client.get("/metrics");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(
                "text/plain; version=0.0.4"));
        assertThat(response.body())
                .contains("myelin_http_requests_total{method=\"GET\",status=\"200\"} ")
                .contains("myelin_http_requests_total{method=\"GET\",status=\"404\"} ")
                .contains("myelin_http_request_duration_seconds_count ")
                .contains("myelin_sync_long_polls_parked 0");
    }
}
