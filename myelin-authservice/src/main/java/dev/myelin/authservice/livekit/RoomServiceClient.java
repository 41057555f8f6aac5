package dev.myelin.authservice.livekit;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Creates LiveKit rooms over the RoomService Twirp API, as upstream does for full-access users: the SFU runs with
 * {@code room.auto_create: false}, so a restricted user can only join a room someone from a full-access server made.
 */
public final class RoomServiceClient {
    /** Seconds an empty room is kept before anyone joins. */
    static final int EMPTY_TIMEOUT_SECONDS = 300;
    /** Seconds a room is kept after the last participant leaves. */
    static final int DEPARTURE_TIMEOUT_SECONDS = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI createRoomUri;
    private final URI getParticipantUri;
    private final LiveKitTokens tokens;
    private final HttpClient http;
    private final InstantSource clock;

    public RoomServiceClient(String livekitUrl, LiveKitTokens tokens, HttpClient http, InstantSource clock) {
        this.createRoomUri = URI.create(httpBase(livekitUrl) + "/twirp/livekit.RoomService/CreateRoom");
        this.getParticipantUri = URI.create(httpBase(livekitUrl) + "/twirp/livekit.RoomService/GetParticipant");
        this.tokens = tokens;
        this.http = http;
        this.clock = clock;
    }

    /** The Go SDK's rule: a leading {@code ws} becomes {@code http} (so {@code wss} becomes {@code https}). */
    static String httpBase(String livekitUrl) {
        String base = livekitUrl.startsWith("ws") ? "http" + livekitUrl.substring(2) : livekitUrl;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Creates (or, LiveKit being idempotent, reuses) the room; throws {@link RoomCreationException} otherwise. */
    public void createRoom(String roomName) {
        var request = HttpRequest.newBuilder(createRoomUri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/protobuf")
                .header("Authorization", "Bearer " + tokens.roomCreateToken(clock.instant()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(createRoomRequest(roomName)))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new RoomCreationException("CreateRoom failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomCreationException("CreateRoom interrupted");
        }
        if (response.statusCode() != 200) {
            throw new RoomCreationException("CreateRoom answered HTTP " + response.statusCode());
        }
    }

    /** What GetParticipant said about a participant. */
    public enum Presence {
        PRESENT,
        /** Twirp error code {@code not_found}: the SFU confirms the participant (or room) is not there. */
        ABSENT
    }

    /**
     * Whether {@code identity} is in {@code room} now, as upstream's {@code LiveKitParticipantExists}: 200 means present,
     * a Twirp {@code not_found} error means absent, anything else is a failure (presence unknown).
     *
     * @throws RoomServiceException on transport errors and any other answer
     */
    public Presence participant(String room, String identity) {
        var request = HttpRequest.newBuilder(getParticipantUri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/protobuf")
                .header("Authorization", "Bearer " + tokens.roomAdminToken(room, clock.instant()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(roomParticipantIdentity(room, identity)))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RoomServiceException("GetParticipant failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomServiceException("GetParticipant interrupted");
        }
        if (response.statusCode() == 200) {
            return Presence.PRESENT;
        }
        if (isTwirpNotFound(response.body())) {
            return Presence.ABSENT;
        }
        throw new RoomServiceException("GetParticipant answered HTTP " + response.statusCode());
    }

    /** Twirp clients take the error code from the JSON body ({@code {"code":"not_found","msg":…}}), not the status. */
    static boolean isTwirpNotFound(byte[] body) {
        try {
            return dev.myelin.json.Json.parseObject(body).optionalString("code").filter("not_found"::equals).isPresent();
        } catch (dev.myelin.json.JsonException e) {
            return false;
        }
    }

    /** LiveKit's {@code RoomParticipantIdentity}: room (1), identity (2). */
    static byte[] roomParticipantIdentity(String room, String identity) {
        var bytes = new ByteArrayOutputStream();
        var out = CodedOutputStream.newInstance(bytes);
        try {
            if (!room.isEmpty()) {
                out.writeString(1, room);
            }
            if (!identity.isEmpty()) {
                out.writeString(2, identity);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * LiveKit's {@code CreateRoomRequest}: name (1), empty_timeout (2), max_participants (3, 0 = unlimited, the proto3
     * default and so not written), departure_timeout (10).
     */
    static byte[] createRoomRequest(String roomName) {
        var bytes = new ByteArrayOutputStream();
        var out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeString(1, roomName);
            out.writeUInt32(2, EMPTY_TIMEOUT_SECONDS);
            out.writeUInt32(10, DEPARTURE_TIMEOUT_SECONDS);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A RoomService call other than CreateRoom failed; what it asked is unknown. */
    public static final class RoomServiceException extends RuntimeException {
        RoomServiceException(String message) {
            super(message);
        }
    }

    /** The SFU did not confirm the room; the request fails with 500. */
    public static final class RoomCreationException extends RuntimeException {
        RoomCreationException(String message) {
            super(message);
        }
    }
}
