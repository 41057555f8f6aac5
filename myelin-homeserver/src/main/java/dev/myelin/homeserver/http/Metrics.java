package dev.myelin.homeserver.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Request counters and gauges in the Prometheus text format (0.0.4), written by hand: a few lines do not need a
 * metrics library. Counting is lock-free, so it costs nothing on the request path.
 */
public final class Metrics {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder durationMicros = new LongAdder();
    private final LongAdder requestCount = new LongAdder();
    private final Map<String, IntSupplier> gauges = new ConcurrentHashMap<>();

    /** Counts one request by method and status. */
    void record(String method, int status, long nanos) {
        requests.computeIfAbsent(method + "\u0000" + status, k -> new LongAdder()).increment();
        durationMicros.add(nanos / 1000);
        requestCount.increment();
    }

    /** A gauge read at scrape time, e.g. parked long-polls. */
    public void gauge(String name, IntSupplier value) {
        gauges.put(name, value);
    }

    public String scrape() {
        var out = new StringBuilder();
        out.append("# HELP myelin_http_requests_total HTTP requests handled, by method and status.\n");
        out.append("# TYPE myelin_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, count) -> {
            String[] parts = key.split("\u0000");
            out.append("myelin_http_requests_total{method=\"").append(parts[0]).append("\",status=\"")
                    .append(parts[1]).append("\"} ").append(count.sum()).append('\n');
        });
        out.append("# HELP myelin_http_request_duration_seconds Time spent handling requests.\n");
        out.append("# TYPE myelin_http_request_duration_seconds summary\n");
        out.append("myelin_http_request_duration_seconds_sum ").append(durationMicros.sum() / 1e6).append('\n');
        out.append("myelin_http_request_duration_seconds_count ").append(requestCount.sum()).append('\n');
        new TreeMap<>(gauges).forEach((name, value) -> {
            out.append("# TYPE ").append(name).append(" gauge\n");
            out.append(name).append(' ').append(value.getAsInt()).append('\n');
        });
        return out.toString();
    }
}
