package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Builds the membership contents this device sends, in the forms matrix-js-sdk 43 sends them. */
public final class MembershipContents {
    private MembershipContents() {
    }

    /**
     * What a device advertises about itself in a session.
     *
     * @param memberId   legacy {@code membershipID} / sticky {@code member.id}
     * @param transports own transports, first preferred
     */
    public record Own(UserId user, DeviceId device, String memberId, SlotId slot, List<Transport> transports,
            String focusSelection, Optional<String> callIntent) {
        public Own {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(slot, "slot");
            transports = List.copyOf(transports);
            Objects.requireNonNull(focusSelection, "focusSelection");
            Objects.requireNonNull(callIntent, "callIntent");
        }
    }

    /** A legacy {@code call.member} join; re-sends carry the first send's {@code created_ts}. */
    public static JsonObject legacyJoin(Own own, long expiresMs, OptionalLong createdTs) {
        var builder = JsonObject.builder()
                .put("application", own.slot().application())
                .put("call_id", own.slot().legacyCallId())
                .put("scope", "m.room")
                .put("device_id", own.device().value())
                .put("membershipID", own.memberId())
                .put("expires", expiresMs);
        own.callIntent().ifPresent(intent -> builder.put("m.call.intent", intent));
        builder.put("focus_active", JsonObject.builder().put("type", Transport.LIVEKIT)
                        .put("focus_selection", own.focusSelection()).build())
                .put("foci_preferred", transportArray(own.transports()));
        createdTs.ifPresent(ts -> builder.put("created_ts", ts));
        return builder.build();
    }

    /** The legacy leave: empty content. */
    public static JsonObject legacyLeave() {
        return JsonObject.EMPTY;
    }

    /** A sticky {@code rtc.member} join in the js-sdk 42.1+ form, with the 2025 {@code rtc_transports} too. */
    public static JsonObject stickyJoin(Own own) {
        var application = JsonObject.builder().put("type", own.slot().application());
        own.callIntent().ifPresent(intent -> application.put("m.call.intent", intent));
        return JsonObject.builder()
                .put("slot_id", own.slot().toString())
                .put("application", application.build())
                .put("transports", JsonObject.builder()
                        .put("published", transportArray(own.transports()))
                        .put("can_subscribe", JsonValue.ofStrings(List.of(Transport.LIVEKIT)))
                        .build())
                .put("rtc_transports", transportArray(own.transports()))
                .put("member", JsonObject.builder().put("device_id", own.device().value())
                        .put("user_id", own.user().toString()).put("id", own.memberId()).build())
                .put("versions", JsonArray.EMPTY)
                .put("msc4354_sticky_key", own.memberId())
                .build();
    }

    /** The sticky leave: only the slot and the sticky key. */
    public static JsonObject stickyLeave(Own own) {
        return JsonObject.builder().put("slot_id", own.slot().toString())
                .put("msc4354_sticky_key", own.memberId()).build();
    }

    private static JsonArray transportArray(List<Transport> transports) {
        return JsonValue.of(transports.stream().map(Transport::json).toList());
    }
}
