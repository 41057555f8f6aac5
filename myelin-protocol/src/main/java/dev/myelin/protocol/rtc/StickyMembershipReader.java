package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.rtc.MembershipReading.Ignored;
import dev.myelin.protocol.rtc.MembershipReading.Joined;
import dev.myelin.protocol.rtc.MembershipReading.Left;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The sticky {@code org.matrix.msc4143.rtc.member} event in its 2025 ({@code rtc_transports}) and js-sdk 42.1+
 * ({@code transports}) forms, checked as the stricter of the two generations checks it. Both forms are read, so a
 * Myelin member sees every generation of peer.
 */
final class StickyMembershipReader {
    /** Content made only of these keys (including {}) is a leave. */
    private static final Set<String> LEAVE_KEYS = Set.of("slot_id", "msc4354_sticky_key", "sticky_key");

    private StickyMembershipReader() {
    }

    static MembershipReading read(ClientEvent event) {
        JsonObject content = event.content();
        if (LEAVE_KEYS.containsAll(content.members().keySet())) {
            return new Left();
        }
        Optional<String> stickyKey = stickyKey(content);
        if (stickyKey.isEmpty()) {
            return new Ignored("no sticky key");
        }
        JsonObject member = content.object("member");
        if (member.lenientString("membership").filter("leave"::equals).isPresent()) {
            return new Left();
        }
        JsonObject application = content.object("application");
        String applicationType = application.string("type");
        SlotId slot = SlotId.parse(content.string("slot_id"));
        if (!slot.application().equals(applicationType)) {
            return new Ignored("slot '" + slot + "' is not of application '" + applicationType + "'");
        }
        String userId = member.optionalString("user_id").orElseGet(() -> member.string("claimed_user_id"));
        if (!userId.equals(event.sender().toString())) {
            return new Ignored("member.user_id " + userId + " is not the sender " + event.sender());
        }
        String deviceId = member.optionalString("device_id").orElseGet(() -> member.string("claimed_device_id"));
        String memberId = member.string("id");
        content.optionalArray("versions").ifPresent(versions -> versions.strings());
        checkReference(content);

        MembershipDialect dialect;
        List<Transport> published;
        if (content.has("transports")) {
            JsonObject transports = content.object("transports");
            published = transports.array("published").objects().stream().map(Transport::fromJson).toList();
            transports.array("can_subscribe").strings();
            dialect = MembershipDialect.STICKY_TRANSPORTS;
        } else {
            published = content.array("rtc_transports").objects().stream().map(Transport::fromJson).toList();
            dialect = MembershipDialect.STICKY_2025;
        }
        return new Joined(new RtcMembership(
                dialect,
                event.eventId(),
                event.sender(),
                deviceId,
                memberId,
                slot,
                applicationType,
                application.lenientString("m.call.intent"),
                event.originServerTs(),
                OptionalLong.empty(),
                published,
                Optional.empty(),
                stickyKey,
                content));
    }

    /** {@code sticky_key ?? msc4354_sticky_key}; when both are present they must be equal strings. */
    static Optional<String> stickyKey(JsonObject content) {
        Optional<String> stable = content.optionalString("sticky_key");
        Optional<String> unstable = content.optionalString("msc4354_sticky_key");
        if (stable.isPresent() && unstable.isPresent() && !stable.equals(unstable)) {
            throw new JsonShapeException("sticky_key and msc4354_sticky_key differ");
        }
        return stable.or(() -> unstable);
    }

    private static void checkReference(JsonObject content) {
        Optional<JsonObject> relation = content.optionalObject("m.relates_to");
        if (relation.isPresent()) {
            if (!"m.reference".equals(relation.get().string("rel_type"))) {
                throw new JsonShapeException("m.relates_to must be an m.reference");
            }
            relation.get().string("event_id");
        }
    }
}
