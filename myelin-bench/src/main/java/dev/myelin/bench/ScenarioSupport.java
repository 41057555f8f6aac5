package dev.myelin.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/** What the scenario benchmarks share: bounded set-up requests, report rows, scratch-directory clean-up. */
final class ScenarioSupport {

    /** One set-up request, by index. */
    interface Step<T> {
        T apply(int index) throws Exception;
    }

    private ScenarioSupport() {
    }

    /** {@code step} for 0..count-1 with at most {@code inFlight} requests at a time; results in index order. */
    static <T> List<T> forEach(ExecutorService executor, int inFlight, int count, Step<T> step)
            throws InterruptedException {
        var permits = new Semaphore(inFlight);
        var futures = new ArrayList<Future<T>>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            permits.acquire();
            futures.add(executor.submit(() -> {
                try {
                    return step.apply(index);
                } finally {
                    permits.release();
                }
            }));
        }
        var results = new ArrayList<T>(count);
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("set-up request failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return results;
    }

    /** The nearest-rank {@code p} quantile of ascending {@code sorted}; NaN when empty. */
    static double nearestRank(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.clamp(rank, 0, sorted.length - 1)];
    }

    static void row(PrintStream out, String name, String format, Object value) {
        out.printf(Locale.ROOT, "%-44s %12s%n", name, String.format(Locale.ROOT, format, value));
    }

    static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
