package dev.myelin.protocol.rtc;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.EventId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;

/** Builds the membership events of the spec sheet's examples for tests. */
final class RtcEvents {
    static final RoomId ROOM = RoomId.parse("!room:example.org");
    static final UserId ALICE = UserId.parse("@alice:example.org");
    static final UserId BOB = UserId.parse("@bob:example.org");
    static final String SERVICE = "https://rtc.example.org/livekit/jwt";

    private static int counter;

    private RtcEvents() {
    }

    static JsonObject legacyContent(String deviceId) {
        return Json.parseObject("""
                {"application":"m.call","call_id":"","scope":"m.room","device_id":"%s",
                 "membershipID":"@alice:example.org:%s","expires":14400000,"m.call.intent":"video",
                 "focus_active":{"type":"livekit","focus_selection":"oldest_membership"},
                 "foci_preferred":[{"type":"livekit","livekit_service_url":"%s",
                                    "livekit_alias":"!room:example.org"}]}""".formatted(deviceId, deviceId, SERVICE));
    }

    static JsonObject stickyContent(UserId user, String deviceId, String memberId) {
        return Json.parseObject("""
                {"slot_id":"m.call#ROOM",
                 "application":{"type":"m.call","m.call.intent":"video"},
                 "transports":{"published":[{"type":"livekit","livekit_service_url":"%s"}],
                               "can_subscribe":["livekit"]},
                 "member":{"device_id":"%s","user_id":"%s","id":"%s"},
                 "versions":[],
                 "msc4354_sticky_key":"%s"}""".formatted(SERVICE, deviceId, user, memberId, memberId));
    }

    static ClientEvent legacy(UserId sender, String deviceId, long ts, JsonObject content) {
        return ClientEvent.state(nextId(), MembershipReader.LEGACY_TYPE,
                "_" + sender + "_" + deviceId + "_m.call", sender, ROOM, ts, content);
    }

    static ClientEvent sticky(UserId sender, long ts, JsonObject content) {
        return ClientEvent.message(nextId(), MembershipReader.STICKY_TYPE, sender, ROOM, ts, content);
    }

    static EventId nextId() {
        return EventId.parse("$event" + (counter++));
    }
}
