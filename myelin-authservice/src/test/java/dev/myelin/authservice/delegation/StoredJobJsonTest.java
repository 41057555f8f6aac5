package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredJobJsonTest {
    private static final JobKey KEY = new JobKey("room<&>", "id\"1");

    @Test
    void encode_isGosJsonMarshalOfStoredJob() {
        var job = new JobStore.StoredJob(JobParams.of("hs.example", "syd_1", 8000, KEY),
                Instant.parse("2026-07-23T10:11:12.345600Z"));

        assertThat(StoredJobJson.encode(job)).isEqualTo("{\"Params\":{\"DelayId\":\"syd_1\",\"DelayTimeout\":8000000000,"
                + "\"ServerName\":\"hs.example\",\"LiveKitRoom\":\"room\\u003c\\u0026\\u003e\","
                + "\"LiveKitIdentity\":\"id\\\"1\"},\"RestartedAt\":\"2026-07-23T10:11:12.3456Z\"}");
        assertThat(StoredJobJson.field(KEY)).isEqualTo("[\"room\\u003c\\u0026\\u003e\",\"id\\\"1\"]");
        assertThat(StoredJobJson.rfc3339Nano(Instant.parse("2026-07-23T10:11:12Z"))).isEqualTo("2026-07-23T10:11:12Z");
    }

    @Test
    void decode_readsWhatUpstreamWritesIncludingLocalOffsets() {
        var job = StoredJobJson.decode("{\"Params\":{\"DelayId\":\"syd_1\",\"DelayTimeout\":8000000000,"
                + "\"ServerName\":\"hs\",\"LiveKitRoom\":\"r\",\"LiveKitIdentity\":\"i\"},"
                + "\"RestartedAt\":\"2026-07-23T12:11:12.123456789+02:00\"}");

        assertThat(job.params()).isEqualTo(new JobParams("hs", "syd_1", 8_000_000_000L, new JobKey("r", "i")));
        assertThat(job.restartedAt()).isEqualTo(Instant.parse("2026-07-23T10:11:12.123456789Z"));
    }

    @Test
    void encodeThenDecode_isTheSameJob() {
        var job = new JobStore.StoredJob(JobParams.of("hs", "syd", 1, KEY), Instant.parse("2026-01-01T00:00:00.000000001Z"));

        assertThat(StoredJobJson.decode(StoredJobJson.encode(job))).isEqualTo(job);
    }

    @Test
    void unreadableEntries_fail() {
        assertThatThrownBy(() -> StoredJobJson.decode("{}")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> StoredJobJson.decode("{\"Params\":{\"DelayId\":\"d\",\"DelayTimeout\":0,"
                + "\"ServerName\":\"hs\",\"LiveKitRoom\":\"r\",\"LiveKitIdentity\":\"i\"},\"RestartedAt\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
