package dev.myelin.authservice.delegation;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Outbound calls answered from a script, logged with the virtual time they were made at. */
final class ScriptedCalls implements DelegationCalls {
    private final InstantSource clock;
    private final Instant start;
    final List<String> log = new CopyOnWriteArrayList<>();
    final Set<JobKey> present = ConcurrentHashMap.newKeySet();
    volatile DelayedEventOutcome answer = new DelayedEventOutcome.Accepted();

    ScriptedCalls(InstantSource clock) {
        this.clock = clock;
        this.start = clock.instant();
    }

    @Override
    public DelayedEventOutcome delayedEvent(String serverName, String delayId, JobAction.DelayedEventCall call) {
        log.add(Duration.between(start, clock.instant()).toMillis() + "ms " + delayId + " " + call.path());
        return answer;
    }

    @Override
    public LookupOutcome lookUpParticipant(String room, String identity) {
        return present.contains(new JobKey(room, identity)) ? LookupOutcome.PRESENT : LookupOutcome.ABSENT;
    }

    List<String> delayedEventCalls() {
        return log;
    }
}
