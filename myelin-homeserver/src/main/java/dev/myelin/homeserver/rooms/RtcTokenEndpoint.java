package dev.myelin.homeserver.rooms;

import dev.myelin.authservice.HomeserverTokens;
import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.rtc.SlotId;
import java.time.InstantSource;
import java.util.Set;

/**
 * MSC4195 homeserver-issued LiveKit tokens, as matrix-js-sdk 42.4+ asks for them:
 * {@code POST /_matrix/client/unstable/io.element.msc4195/rtc/livekit/get_token} with
 * {@code {"url", "room_id", "slot_id", "member": {"id", "claimed_device_id"?}, "server_name"?}} → {@code {"jwt"}}.
 * Only for the SFU this server is configured with, only to users joined to the room, only for their own device.
 */
public final class RtcTokenEndpoint {
    static final String PATH = "/_matrix/client/unstable/io.element.msc4195/rtc/livekit/get_token";

    private final HomeserverTokens tokens;
    private final RoomService rooms;
    private final Authenticator authenticator;
    private final InstantSource clock;

    public RtcTokenEndpoint(HomeserverTokens tokens, RoomService rooms, Authenticator authenticator,
            InstantSource clock) {
        this.tokens = tokens;
        this.rooms = rooms;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public void register(Router router) {
        router.add("POST", PATH, this::getToken);
    }

    private ApiResponse getToken(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        JsonObject body = request.jsonBody().requireOnly(Set.of("url", "room_id", "slot_id", "member", "server_name"));
        String url = body.string("url");
        RoomId room = RoomId.parse(body.string("room_id"));
        String slot = body.string("slot_id");
        try {
            SlotId.parse(slot);
        } catch (IllegalArgumentException e) {
            throw MatrixException.invalidParam(e.getMessage());
        }
        JsonObject member = body.object("member").requireOnly(Set.of("id", "claimed_device_id"));
        String memberId = member.string("id");
        String device = member.optionalString("claimed_device_id").orElse(requester.deviceId().value());
        body.optionalString("server_name");
        if (!url.equals(tokens.livekitUrl())) {
            throw MatrixException.invalidParam("This server issues tokens only for its own SFU");
        }
        if (!device.equals(requester.deviceId().value())) {
            throw MatrixException.forbidden("A token can only be issued for the requesting device");
        }
        if (!rooms.joinedRooms(requester.userId()).contains(room)) {
            throw MatrixException.forbidden("User " + requester.userId() + " is not joined to " + room);
        }
        String jwt = tokens.joinToken(requester.userId().toString(), device, memberId, room.value(), slot,
                clock.instant());
        return ApiResponse.ok(JsonObject.builder().put("jwt", jwt).build());
    }
}
