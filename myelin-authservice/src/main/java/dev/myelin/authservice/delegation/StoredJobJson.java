package dev.myelin.authservice.delegation;

import dev.myelin.authservice.livekit.GoJsonWriter;
import dev.myelin.json.HashInputJson;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Upstream's Redis layout, so a Myelin service can take over the jobs lk-jwt-service stored and the other way round:
 * hash {@code lk-jwt:jobs}, field = Go JSON {@code ["<room>","<identity>"]}, value = Go's {@code json.Marshal} of
 * {@code storedJob} ({@code Params} with Go field names, the delay in nanoseconds, {@code RestartedAt} in RFC 3339 with
 * nanoseconds).
 */
final class StoredJobJson {
    static final String HASH_KEY = "lk-jwt:jobs";

    private StoredJobJson() {
    }

    static String field(JobKey key) {
        return HashInputJson.goMarshal(List.of(key.room(), key.identity()));
    }

    static String encode(JobStore.StoredJob job) {
        var params = new LinkedHashMap<String, Object>();
        params.put("DelayId", job.params().delayId());
        params.put("DelayTimeout", job.params().delayTimeoutNs());
        params.put("ServerName", job.params().serverName());
        params.put("LiveKitRoom", job.params().key().room());
        params.put("LiveKitIdentity", job.params().key().identity());
        var stored = new LinkedHashMap<String, Object>();
        stored.put("Params", params);
        stored.put("RestartedAt", rfc3339Nano(job.restartedAt()));
        return GoJsonWriter.object(stored);
    }

    /** @throws dev.myelin.json.JsonException or {@link java.time.DateTimeException} on entries it cannot read */
    static JobStore.StoredJob decode(String value) {
        JsonObject stored = Json.parseObject(value);
        JsonObject params = stored.object("Params");
        long delay = params.integer("DelayTimeout");
        if (delay <= 0) {
            throw new IllegalArgumentException("stored delay is not positive");
        }
        var key = new JobKey(params.string("LiveKitRoom"), params.string("LiveKitIdentity"));
        return new JobStore.StoredJob(
                new JobParams(params.string("ServerName"), params.string("DelayId"), delay, key),
                OffsetDateTime.parse(stored.string("RestartedAt"), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    }

    /** Go's {@code time.RFC3339Nano} in UTC: trailing zeros of the fraction dropped, {@code Z}. */
    static String rfc3339Nano(Instant instant) {
        var utc = instant.atOffset(ZoneOffset.UTC);
        String base = utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        int nanos = utc.getNano();
        if (nanos == 0) {
            return base + "Z";
        }
        String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
        return base + "." + fraction + "Z";
    }
}
