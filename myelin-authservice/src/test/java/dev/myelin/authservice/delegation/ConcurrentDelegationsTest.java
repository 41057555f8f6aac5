package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real I/O shell (system scheduler, virtual threads) under concurrent webhooks and replacements: every watched
 * participant's leave is sent exactly once after at most one restart (a restart still in flight may reach the
 * homeserver after the send, as upstream's can; the homeserver then answers 404, which is stale by then), replaced
 * jobs call nothing, and every job is forgotten.
 */
class ConcurrentDelegationsTest {
    @Test
    void manyJobsWithConcurrentWebhooksAndReplacements_sendEachLeaveOnce() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("ConcurrentDelegationsTest seed " + seed);
        var random = new Random(seed);
        List<String> log = new CopyOnWriteArrayList<>();
        Map<String, CountDownLatch> sent = new ConcurrentHashMap<>();
        var calls = new DelegationCalls() {
            @Override
            public DelayedEventOutcome delayedEvent(String serverName, String delayId, JobAction.DelayedEventCall call) {
                log.add(delayId + " " + call.path());
                if (call == JobAction.DelayedEventCall.SEND) {
                    sent.get(delayId).countDown();
                }
                return new DelayedEventOutcome.Accepted();
            }

            @Override
            public LookupOutcome lookUpParticipant(String room, String identity) {
                return LookupOutcome.ABSENT;
            }
        };
        var clock = InstantSource.system();
        try (var scheduler = Scheduler.system(clock);
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var manager = new DelegationManager(scheduler, threads, calls, clock, Duration.ZERO,
                    () -> new Random(random.nextLong()));
            int participants = 40;
            List<String> finalIds = new ArrayList<>();
            for (int p = 0; p < participants; p++) {
                var key = new JobKey("room", "p" + p);
                int generations = 1 + random.nextInt(3); // replaced 0–2 times
                for (int g = 0; g < generations; g++) {
                    String id = "syd_" + p + "_" + g;
                    sent.put(id, new CountDownLatch(1));
                    manager.register(JobParams.of("hs", id, 400 + random.nextInt(400), key));
                }
                finalIds.add("syd_" + p + "_" + (generations - 1));
                threads.submit(() -> {
                    manager.deliver(key, new JobEvent.ParticipantJoined());
                    manager.deliver(key, new JobEvent.ParticipantJoined());
                    manager.deliver(key, new JobEvent.ParticipantLeft(true));
                });
            }

            for (String id : finalIds) {
                assertThat(sent.get(id).await(10, TimeUnit.SECONDS)).as("seed %d: %s sent", seed, id).isTrue();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (manager.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(manager.size()).as("seed %d", seed).isZero();
            for (String id : finalIds) {
                List<String> mine = log.stream().filter(entry -> entry.startsWith(id + " ")).toList();
                assertThat(mine).as("seed %d", seed).containsOnlyOnce(id + " send");
                assertThat(mine).as("seed %d", seed).hasSizeBetween(1, 2);
            }
            // replaced jobs never send
            assertThat(log).as("seed %d", seed).filteredOn(entry -> entry.endsWith(" send")).hasSize(participants);
            manager.close();
        }
    }
}
