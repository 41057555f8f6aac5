package dev.myelin.authservice;

import dev.myelin.authservice.livekit.LiveKitNames;
import dev.myelin.authservice.livekit.LiveKitTokens;
import java.time.Instant;
import java.util.Objects;

/**
 * LiveKit join tokens a homeserver issues itself (MSC4195, {@code io.element.msc4195/rtc/livekit/get_token}) for users
 * it has already authenticated: the same claims, room name and identity hash as {@code /get_token}, with no OpenID
 * round trip.
 */
public final class HomeserverTokens {
    private final AuthServiceConfig config;
    private final LiveKitTokens tokens;

    public HomeserverTokens(AuthServiceConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.tokens = new LiveKitTokens(config.apiKey(), config.apiSecret());
    }

    /** The SFU URL tokens are issued for; a request naming another SFU gets none. */
    public String livekitUrl() {
        return config.livekitUrl();
    }

    /** A join token for one device's membership of a slot. */
    public String joinToken(String userId, String deviceId, String memberId, String roomId, String slotId,
            Instant now) {
        return tokens.joinToken(LiveKitNames.identity(userId, deviceId, memberId),
                LiveKitNames.roomName(roomId, slotId), now);
    }
}
