package dev.myelin.protocol.rtc;

import java.util.Objects;

/** What reading a membership event gave: a joined member, a leave, or an event ignored with a reason. */
public sealed interface MembershipReading {

    record Joined(RtcMembership membership) implements MembershipReading {
        public Joined {
            Objects.requireNonNull(membership, "membership");
        }
    }

    /** The event says this device (or sticky key) is not in a session. */
    record Left() implements MembershipReading {
    }

    /** The event is malformed or from a form we do not read; other clients' bad events never throw. */
    record Ignored(String reason) implements MembershipReading {
        public Ignored {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
