package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.rtc.MembershipReading.Ignored;

/** Reads membership events of every dialect. Never throws for another client's content: it ignores with a reason. */
public final class MembershipReader {
    public static final String LEGACY_TYPE = "org.matrix.msc3401.call.member";
    public static final String STICKY_TYPE = "org.matrix.msc4143.rtc.member";

    private MembershipReader() {
    }

    public static MembershipReading read(ClientEvent event) {
        try {
            return switch (event.type()) {
                case LEGACY_TYPE -> LegacyMembershipReader.read(event);
                case STICKY_TYPE -> StickyMembershipReader.read(event);
                default -> new Ignored("not a membership event type: " + event.type());
            };
        } catch (JsonShapeException | IllegalArgumentException e) {
            return new Ignored(e.getMessage());
        }
    }
}
