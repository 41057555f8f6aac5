package dev.myelin.authservice;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loopback load for {@code POST /get_token} with cached OpenID validation (restricted user, so no CreateRoom): prints
 * requests per second and latency percentiles. Not a test; run by hand:
 * {@code java -cp <test classpath> dev.myelin.authservice.GetTokenLoad [clients] [seconds]}. Client and server share
 * the JVM and the machine's cores, so the figures are a floor.
 */
public final class GetTokenLoad {
    private GetTokenLoad() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        try (var fixture = Fixture.restrictedWithCache()) {
            fixture.homeserver.accept("good", fixture.alice());
            var request = HttpRequest.newBuilder(fixture.uri("/get_token"))
                    .POST(HttpRequest.BodyPublishers.ofString(fixture.getTokenBody("good")));
            run(fixture, request, clients, Duration.ofSeconds(3)); // warm-up
            long[] latencies = run(fixture, request, clients, duration);
            Arrays.sort(latencies);
            System.out.printf("clients=%d seconds=%d requests=%d rps=%.0f p50=%.2fms p99=%.2fms max=%.2fms "
                            + "homeserver-lookups=%d%n",
                    clients, duration.toSeconds(), latencies.length, latencies.length / (double) duration.toSeconds(),
                    percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6,
                    latencies[latencies.length - 1] / 1e6, fixture.homeserver.userinfoRequests());
        }
    }

    private static long[] run(Fixture fixture, HttpRequest.Builder request, int clients, Duration duration)
            throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        List<Future<List<Long>>> results = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                results.add(executor.submit(() -> {
                    var latencies = new ArrayList<Long>();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        HttpResponse<String> response = fixture.send(request.copy());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("status " + response.statusCode());
                        }
                        latencies.add(System.nanoTime() - start);
                    }
                    return latencies;
                }));
            }
        }
        var all = new ArrayList<Long>();
        for (var result : results) {
            all.addAll(result.get());
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
