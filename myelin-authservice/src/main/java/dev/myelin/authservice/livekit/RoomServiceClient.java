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
    private final LiveKitTokens tokens;
    private final HttpClient http;
    private final InstantSource clock;

    public RoomServiceClient(String livekitUrl, LiveKitTokens tokens, HttpClient http, InstantSource clock) {
        this.createRoomUri = URI.create(httpBase(livekitUrl) + "/twirp/livekit.RoomService/CreateRoom");
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

    /** The SFU did not confirm the room; the request fails with 500. */
    public static final class RoomCreationException extends RuntimeException {
        RoomCreationException(String message) {
            super(message);
        }
    }
}
