package dev.myelin.client.rtc;

import dev.myelin.crypto.megolm.InboundRoomKeys;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import dev.myelin.protocol.rtc.MembershipReader;
import dev.myelin.protocol.rtc.SessionMembers;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.StickyEventMap;
import dev.myelin.protocol.rtc.RtcMembership;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What one room's {@code /sync} sections say about a call: joined users, legacy membership state, and current sticky
 * memberships. Fed sync responses, it computes the slot's member list. Not thread-safe.
 */
final class RoomCallState {
    static final long MAX_STICKY_MS = 3_600_000;
    static final int MAX_UNDECRYPTED = 1_000;
    private static final String ENCRYPTED = "m.room.encrypted";

    private final RoomId room;
    private final SlotId slot;
    private final Set<UserId> joined = new HashSet<>();
    private final Map<String, ClientEvent> legacy = new HashMap<>();
    private final StickyEventMap sticky = new StickyEventMap();
    private final Function<JsonObject, InboundRoomKeys.Result> decryptor;
    private final ArrayDeque<Pending> undecrypted = new ArrayDeque<>();

    /** An encrypted event whose room key has not arrived yet, and when it did. */
    private record Pending(JsonObject json, long receivedAt) {
    }

    /** For an unencrypted room: encrypted events are dropped. */
    RoomCallState(RoomId room, SlotId slot) {
        this(room, slot, event -> new InboundRoomKeys.Result.Rejected("room is not encrypted"));
    }

    /** @param decryptor decrypts this room's {@code m.room.encrypted} events */
    RoomCallState(RoomId room, SlotId slot, Function<JsonObject, InboundRoomKeys.Result> decryptor) {
        this.room = room;
        this.slot = slot;
        this.decryptor = decryptor;
    }

    /** Applies one sync response; {@code now} is the local receive time. */
    void apply(JsonObject sync, long now) {
        Optional<JsonObject> section = sync.optionalObject("rooms").flatMap(r -> r.optionalObject("join"))
                .flatMap(j -> j.optionalObject(room.value()));
        if (section.isEmpty()) {
            return;
        }
        events(section.get(), "state").forEach(json -> applyEvent(json, now));
        events(section.get(), "timeline").forEach(json -> applyEvent(json, now));
        section.get().optionalObject("msc4354_sticky").map(s -> s.array("events").objects()).orElse(List.of())
                .forEach(json -> applyEvent(json, now));
    }

    /** Tries the events held for missing room keys again (call when room keys arrived). */
    void retryUndecrypted() {
        int count = undecrypted.size();
        for (int i = 0; i < count; i++) {
            Pending pending = undecrypted.poll();
            applyEvent(pending.json(), pending.receivedAt());
        }
    }

    int undecryptedCount() {
        return undecrypted.size();
    }

    List<RtcMembership> members(long now) {
        sticky.expire(now);
        return SessionMembers.compute(slot, sticky.current(MembershipReader.STICKY_TYPE), legacy.values(), false,
                joined::contains, now);
    }

    private static List<JsonObject> events(JsonObject section, String name) {
        return section.optionalObject(name).flatMap(s -> s.optionalArray("events")).map(a -> a.objects())
                .orElse(List.of());
    }

    private void applyEvent(JsonObject json, long now) {
        if (ENCRYPTED.equals(json.lenientString("type").orElse(""))) {
            switch (decryptor.apply(json)) {
                case InboundRoomKeys.Result.Decrypted decrypted -> applyEvent(json
                        .with("type", JsonValue.of(decrypted.type())).with("content", decrypted.content()), now);
                case InboundRoomKeys.Result.MissingKey missing -> {
                    if (undecrypted.size() >= MAX_UNDECRYPTED) {
                        undecrypted.poll();
                    }
                    undecrypted.add(new Pending(json, now));
                }
                case InboundRoomKeys.Result.Rejected rejected -> {
                    // never decrypts: another client's problem, not a reason to stop
                }
            }
            return;
        }
        ClientEvent event;
        try {
            event = ClientEvent.fromJson(json, Optional.of(room));
        } catch (JsonShapeException | IllegalArgumentException malformed) {
            return; // another client's malformed event is not ours to fail on
        }
        if (event.type().equals("m.room.member") && event.stateKey().isPresent()) {
            try {
                UserId member = UserId.parse(event.stateKey().get());
                if ("join".equals(event.content().lenientString("membership").orElse(""))) {
                    joined.add(member);
                } else {
                    joined.remove(member);
                }
            } catch (InvalidIdentifierException ignored) {
                // not a user id: not a membership we track
            }
        } else if (event.type().equals(MembershipReader.LEGACY_TYPE) && event.stateKey().isPresent()) {
            legacy.put(event.stateKey().get(), event);
        } else if (event.type().equals(MembershipReader.STICKY_TYPE)) {
            long duration = json.optionalObject("msc4354_sticky").flatMap(s -> {
                var value = s.lenientInteger("duration_ms");
                return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
            }).orElse(0L);
            long start = Math.min(event.originServerTs(), now);
            var ttl = event.unsigned().lenientInteger("msc4354_sticky_duration_ttl_ms");
            long expires = ttl.isPresent() ? now + Math.min(ttl.getAsLong(), MAX_STICKY_MS)
                    : start + Math.min(Math.max(duration, 0), MAX_STICKY_MS);
            if (expires > now) {
                sticky.put(event, expires);
            }
        }
    }
}
