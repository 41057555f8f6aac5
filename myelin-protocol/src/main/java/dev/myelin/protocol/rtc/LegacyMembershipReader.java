package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.rtc.MembershipReading.Ignored;
import dev.myelin.protocol.rtc.MembershipReading.Joined;
import dev.myelin.protocol.rtc.MembershipReading.Left;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The legacy {@code org.matrix.msc3401.call.member} state event, checked as matrix-js-sdk 43 checks it. */
final class LegacyMembershipReader {
    /** Default lifetime of a legacy membership when {@code expires} is absent: 4 hours. */
    static final long DEFAULT_EXPIRES_MS = 14_400_000L;

    private LegacyMembershipReader() {
    }

    static MembershipReading read(ClientEvent event) {
        JsonObject content = event.content();
        if (content.size() == 0) {
            return new Left();
        }
        if (content.has("memberships")) {
            return new Ignored("per-user 'memberships' shape of js-sdk 35 and older is no longer read");
        }
        String deviceId = content.string("device_id");
        String callId = content.string("call_id");
        String application = content.string("application");
        JsonObject focusActive = content.object("focus_active");
        focusActive.string("type");
        List<Transport> foci = content.optionalArray("foci_preferred")
                .map(array -> array.objects().stream().map(Transport::fromJson).toList())
                .orElse(List.of());
        content.optionalString("scope");
        Optional<String> intent = content.optionalString("m.call.intent");
        OptionalLong createdTs = content.optionalInteger("created_ts");

        long created = createdTs.orElse(event.originServerTs());
        // js-sdk does not type-check 'expires'; a non-integer falls back to the default here.
        long expires = content.lenientInteger("expires").orElse(DEFAULT_EXPIRES_MS);
        String memberId = content.lenientString("membershipID").orElse(event.sender() + ":" + deviceId);
        return new Joined(new RtcMembership(
                MembershipDialect.LEGACY_STATE,
                event.eventId(),
                event.sender(),
                deviceId,
                memberId,
                SlotId.fromLegacy(application, callId),
                application,
                intent,
                created,
                OptionalLong.of(saturatedSum(created, expires)),
                foci,
                focusActive.optionalString("focus_selection"),
                Optional.empty(),
                content));
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }
}
