package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/** A media transport (focus) as members advertise it: a {@code type} plus type-specific fields kept verbatim. */
public record Transport(String type, JsonObject json) {
    public static final String LIVEKIT = "livekit";

    public Transport {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
    }

    /** Reads a transport object; it must carry a string {@code type}. */
    public static Transport fromJson(JsonObject json) {
        return new Transport(json.string("type"), json);
    }

    public static Transport livekit(String serviceUrl) {
        return fromJson(JsonObject.builder().put("type", LIVEKIT).put("livekit_service_url", serviceUrl).build());
    }

    // Only 'type' is validated on receipt, so other fields of the wrong type read as absent.

    /** The LiveKit authorization service URL, if this transport names one as a string. */
    public Optional<String> livekitServiceUrl() {
        return json.lenientString("livekit_service_url");
    }

    /** The LiveKit room alias legacy multi-SFU transports carry (the room id), if present as a string. */
    public Optional<String> livekitAlias() {
        return json.lenientString("livekit_alias");
    }
}
