package dev.myelin.authservice;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stands in for LiveKit (the SFU cannot run here): RoomService Twirp CreateRoom and GetParticipant, recording what it
 * was sent, and LiveKit's webhooks, signed as LiveKit signs them.
 */
final class FakeSfu implements AutoCloseable {
    record TwirpCall(String method, String path, String contentType, String authorization, byte[] body) {
    }

    /** A decoded {@code RoomParticipantIdentity}. */
    record Lookup(String room, String identity) {
    }

    private static final String CREATE_ROOM = "/twirp/livekit.RoomService/CreateRoom";
    private static final String GET_PARTICIPANT = "/twirp/livekit.RoomService/GetParticipant";

    private final LoopbackServer server;
    private final List<TwirpCall> createRoomCalls = new CopyOnWriteArrayList<>();
    private final List<TwirpCall> getParticipantCalls = new CopyOnWriteArrayList<>();
    private final Set<Lookup> present = ConcurrentHashMap.newKeySet();
    private volatile int status = 200;
    private volatile int lookupStatus = 0;

    FakeSfu() {
        server = new LoopbackServer((request, body) -> {
            var call = new TwirpCall(request.getMethod(), request.getHttpURI().getPath(),
                    request.getHeaders().get("Content-Type"), request.getHeaders().get("Authorization"), body);
            if (call.path().equals(GET_PARTICIPANT)) {
                getParticipantCalls.add(call);
                if (lookupStatus != 0) {
                    return LoopbackServer.Answer.json(lookupStatus, "{\"code\":\"internal\",\"msg\":\"boom\"}");
                }
                if (present.contains(decodeLookup(body))) {
                    return new LoopbackServer.Answer(200, "application/protobuf", new byte[0]);
                }
                return LoopbackServer.Answer.json(404, "{\"code\":\"not_found\",\"msg\":\"participant not found\"}");
            }
            createRoomCalls.add(call);
            // An empty livekit.Room message is a valid answer.
            return new LoopbackServer.Answer(status, "application/protobuf", new byte[0]);
        });
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + server.port();
    }

    void failWith(int status) {
        this.status = status;
    }

    /** GetParticipant answers this status with a non-not_found Twirp error (0: answer normally). */
    void failLookupsWith(int status) {
        this.lookupStatus = status;
    }

    void setPresent(String room, String identity) {
        present.add(new Lookup(room, identity));
    }

    void setAbsent(String room, String identity) {
        present.remove(new Lookup(room, identity));
    }

    /** The CreateRoom calls. */
    List<TwirpCall> calls() {
        return createRoomCalls;
    }

    List<TwirpCall> getParticipantCalls() {
        return getParticipantCalls;
    }

    static Lookup decodeLookup(byte[] body) throws IOException {
        var in = CodedInputStream.newInstance(body);
        String room = "";
        String identity = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag >>> 3) {
                case 1 -> room = in.readString();
                case 2 -> identity = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new Lookup(room, identity);
    }

    /**
     * POSTs a participant webhook to {@code target} as LiveKit does: protojson body, {@code Authorization} = HS256 JWT
     * (iss = key, exp in a minute) carrying the body's SHA-256.
     */
    static int sendWebhook(URI target, String key, String secret, String event, String room, String identity,
                           String disconnectReason) {
        String participant = "{\"identity\":\"" + identity + "\""
                + (disconnectReason == null ? "" : ",\"disconnectReason\":\"" + disconnectReason + "\"") + "}";
        String body = "{\"event\":\"" + event + "\",\"room\":{\"name\":\"" + room + "\"},\"participant\":"
                + participant + ",\"id\":\"EV_test\",\"createdAt\":\"0\"}";
        return post(target, webhookToken(key, secret, body, Instant.now()), body);
    }

    static String webhookToken(String key, String secret, String body, Instant now) {
        try {
            String sha = Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
            long s = now.getEpochSecond();
            String claims = "{\"exp\":" + (s + 60) + ",\"iss\":\"" + key + "\",\"nbf\":" + s + ",\"sha256\":\"" + sha
                    + "\"}";
            var b64 = Base64.getUrlEncoder().withoutPadding();
            String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int post(URI target, String authorization, String body) {
        try (var client = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/webhook+json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return client.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
