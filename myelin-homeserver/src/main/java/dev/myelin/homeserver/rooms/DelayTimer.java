package dev.myelin.homeserver.rooms;

import java.time.InstantSource;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The scheduler's one decision, free of threads and storage so it runs on a virtual clock: given the earliest
 * scheduled time, fire now, wait exactly until then, or sleep until something changes. There is no polling period:
 * the waiting thread is woken early by every schedule, restart, cancel and send.
 */
final class DelayTimer {
    sealed interface Decision {
    }

    /** Something is due: send it. */
    record FireNow() implements Decision {
    }

    /** The earliest is {@code millis} away. */
    record Wait(long millis) implements Decision {
        Wait {
            if (millis < 1) {
                throw new IllegalArgumentException("wait must be positive");
            }
        }
    }

    /** Nothing scheduled: wait for a change. */
    record Idle() implements Decision {
    }

    private final InstantSource clock;

    DelayTimer(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Decision decide(OptionalLong earliestSendTs) {
        if (earliestSendTs.isEmpty()) {
            return new Idle();
        }
        long wait = earliestSendTs.getAsLong() - clock.millis();
        return wait <= 0 ? new FireNow() : new Wait(wait);
    }
}
