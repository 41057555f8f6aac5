package dev.myelin.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the CPU time the benchmark's worker threads used per operation ({@code cpu.time.op}, in the benchmark's
 * time unit's nanoseconds: ns/op). On a machine shared with other jobs the wall clock per operation includes the time
 * the thread waited for a core; the thread's CPU time does not, and is what {@code openssl speed} divides by (user
 * CPU time unless {@code -elapsed}).
 */
public final class ThreadCpuProfiler implements InternalProfiler {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the JMH worker threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workerCpuNanos();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long used = workerCpuNanos() - before;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : used / (double) ops;
        return List.of(new ScalarResult("cpu.time.op", perOp, "ns/op", AggregationPolicy.AVG));
    }

    /** Sum of the CPU time of the live threads JMH runs the benchmark on ("...-jmh-worker-N"). */
    private static long workerCpuNanos() {
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("jmh-worker")) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                total += Math.max(cpu, 0);
            }
        }
        return total;
    }
}
