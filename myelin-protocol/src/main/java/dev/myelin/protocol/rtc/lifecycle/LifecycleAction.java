package dev.myelin.protocol.rtc.lifecycle;

import java.util.Objects;

/** What the lifecycle asks its driver to do. */
public sealed interface LifecycleAction {

    /** Make {@code request}; report its outcome with the same {@code requestId}. */
    record Send(long requestId, LifecycleRequest request) implements LifecycleAction {
        public Send {
            Objects.requireNonNull(request, "request");
        }
    }

    /** Call {@code onTimer} at {@code at} (replaces any earlier wake-up). */
    record WakeAt(long at) implements LifecycleAction {
    }

    /** The membership is on the server. */
    record Joined() implements LifecycleAction {
    }

    /** The leave is on the server; the lifecycle is over. */
    record Left() implements LifecycleAction {
    }

    /** Whether the server has probably sent our delayed leave already (a restart failed past its fire time). */
    record ProbablyLeft(boolean probablyLeft) implements LifecycleAction {
    }

    /** The lifecycle gave up. */
    record Failed(String reason) implements LifecycleAction {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
