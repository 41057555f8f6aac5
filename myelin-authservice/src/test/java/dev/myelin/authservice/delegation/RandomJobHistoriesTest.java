package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.delegation.DelayedLeaveJob.State;
import dev.myelin.authservice.delegation.JobAction.CallDelayedEvent;
import dev.myelin.authservice.delegation.JobAction.DelayedEventCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random histories (webhooks, lookups, answers in any order, stale ones included, time jumps) never break the
 * job's promises: nothing after the end, one end, restarts only while connected, sends only once disconnected.
 */
class RandomJobHistoriesTest {
    private static final DelayedEventOutcome[] OUTCOMES = {
        new DelayedEventOutcome.Accepted(), new DelayedEventOutcome.NotFound(),
        new DelayedEventOutcome.Transient("HTTP 500"), new DelayedEventOutcome.RetryAfter(Duration.ofSeconds(2)),
        new DelayedEventOutcome.ClientApiUnresolved(),
    };

    @Test
    void randomHistories_keepTheJobsPromises() {
        long seed = new Random().nextLong();
        System.out.println("RandomJobHistoriesTest seed " + seed);
        var random = new Random(seed);
        for (int run = 0; run < 2_000; run++) {
            history(random, seed, run);
        }
    }

    private static void history(Random random, long seed, int run) {
        var h = new JobHarness(Duration.ofMillis(1 + random.nextInt(20_000)),
                random.nextBoolean() ? Duration.ZERO : Duration.ofSeconds(1 + random.nextInt(30)), random.nextLong());
        List<Long> answeredTokens = new ArrayList<>();
        int finishes = 0;
        for (int step = 0; step < 40; step++) {
            int before = h.all.size();
            boolean wasFinished = h.finished;
            State stateBefore = h.job.state();
            switch (random.nextInt(8)) {
                case 0 -> h.on(new JobEvent.ParticipantJoined());
                case 1 -> h.on(new JobEvent.ParticipantLeft(random.nextBoolean()));
                case 2 -> {
                    if (!h.timers.isEmpty()) {
                        h.fireNext();
                    }
                }
                case 3, 4 -> {
                    if (!h.delayedCalls.isEmpty()) {
                        // usually the newest call, sometimes an older (stale) one
                        CallDelayedEvent call = random.nextInt(4) == 0
                                ? h.delayedCalls.get(random.nextInt(h.delayedCalls.size())) : h.lastCall();
                        answeredTokens.add(call.token());
                        h.on(new JobEvent.DelayedEventAnswered(call.token(), OUTCOMES[random.nextInt(OUTCOMES.length)]));
                    }
                }
                case 5 -> {
                    if (!h.lookups.isEmpty()) {
                        h.answerLookup(LookupOutcome.values()[random.nextInt(3)]);
                    }
                }
                case 6 -> h.advance(Duration.ofMillis(random.nextInt(5_000)));
                default -> {
                    if (random.nextInt(10) == 0) {
                        h.on(new JobEvent.Replaced());
                    }
                }
            }
            String where = "seed " + seed + " run " + run + " step " + step;
            List<JobAction> added = h.all.subList(before, h.all.size());
            if (wasFinished) {
                assertThat(added).as(where).isEmpty();
            }
            for (JobAction action : added) {
                if (action instanceof JobAction.Finish) {
                    finishes++;
                }
                if (action instanceof CallDelayedEvent call && call.call() == DelayedEventCall.RESTART) {
                    assertThat(h.job.state()).as(where).isEqualTo(State.CONNECTED);
                }
                if (action instanceof CallDelayedEvent call && call.call() == DelayedEventCall.SEND) {
                    assertThat(h.job.state()).as(where).isEqualTo(State.DISCONNECTED);
                }
                if (action instanceof JobAction.Wake wake) {
                    assertThat(wake.at()).as(where).isAfterOrEqualTo(h.now);
                }
            }
            if (stateBefore == State.DISCONNECTED) {
                assertThat(h.job.state()).as(where).isIn(State.DISCONNECTED, State.REPLACED);
            }
            assertThat(finishes).as(where).isLessThanOrEqualTo(1);
            assertThat(h.finished).as(where).isEqualTo(h.job.finished());
        }
    }
}
