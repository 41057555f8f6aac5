package dev.myelin.client.rtc;

import dev.myelin.json.JsonObject;
import java.util.Objects;

/** What a {@link CallParticipant} reports; each has a JSON form for {@code ./myelin join}'s output lines. */
public sealed interface CallEvent {

    JsonObject toJson();

    record Ready(String room, String userId, String deviceId, String memberId) implements CallEvent {
        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("event", "ready").put("room_id", room).put("user_id", userId)
                    .put("device_id", deviceId).put("member_id", memberId).build();
        }
    }

    record MemberJoined(String userId, String deviceId, String memberId) implements CallEvent {
        @Override
        public JsonObject toJson() {
            return member("member_joined", userId, deviceId, memberId);
        }
    }

    record MemberLeft(String userId, String deviceId, String memberId) implements CallEvent {
        @Override
        public JsonObject toJson() {
            return member("member_left", userId, deviceId, memberId);
        }
    }

    record KeyReceived(String userId, String deviceId, int index) implements CallEvent {
        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("event", "key_received").put("user_id", userId)
                    .put("device_id", deviceId).put("index", index).build();
        }
    }

    record KeySent(int index, int recipients) implements CallEvent {
        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("event", "key_sent").put("index", index).put("recipients", recipients)
                    .build();
        }
    }

    record Left(String reason) implements CallEvent {
        public Left {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public JsonObject toJson() {
            return JsonObject.builder().put("event", "left").put("reason", reason).build();
        }
    }

    private static JsonObject member(String event, String userId, String deviceId, String memberId) {
        return JsonObject.builder().put("event", event).put("user_id", userId).put("device_id", deviceId)
                .put("member_id", memberId).build();
    }
}
