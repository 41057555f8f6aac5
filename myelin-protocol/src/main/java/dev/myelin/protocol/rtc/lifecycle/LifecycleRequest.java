package dev.myelin.protocol.rtc.lifecycle;

import java.util.Objects;

/** A request the driver must make to the homeserver on the lifecycle's behalf. */
public sealed interface LifecycleRequest {

    /** Schedule the leave event with a delay: {@code ?org.matrix.msc4140.delay=delayMs}. Answer: the delay id. */
    record CreateDelayedLeave(long delayMs) implements LifecycleRequest {
    }

    /** Send the membership; the {@code sendNumber}-th send (0 first) carries {@code expiresMs} in legacy form. */
    record SendMembership(int sendNumber, long expiresMs) implements LifecycleRequest {
    }

    /** Restart the delayed leave, giving up locally after {@code localTimeoutMs}. */
    record RestartDelayedLeave(String delayId, long localTimeoutMs) implements LifecycleRequest {
        public RestartDelayedLeave {
            Objects.requireNonNull(delayId, "delayId");
        }
    }

    /** Cancel a delayed leave that no longer guards a membership. */
    record CancelDelayedLeave(String delayId) implements LifecycleRequest {
        public CancelDelayedLeave {
            Objects.requireNonNull(delayId, "delayId");
        }
    }

    /** Leave now by sending the scheduled leave event at once. */
    record SendDelayedLeaveNow(String delayId) implements LifecycleRequest {
        public SendDelayedLeaveNow {
            Objects.requireNonNull(delayId, "delayId");
        }
    }

    /** Leave by sending the leave content directly. */
    record SendLeave() implements LifecycleRequest {
    }
}
