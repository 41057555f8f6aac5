package dev.myelin.authservice.delegation;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.Json;
import dev.myelin.json.JsonDecimal;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonInteger;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonString;
import dev.myelin.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A LiveKit webhook, received as LiveKit's {@code webhook.ReceiveWebhookEvent} checks it: the {@code Authorization}
 * header is a bare HS256 JWT whose {@code iss} is our API key, signed with our secret, unexpired ({@code exp} required,
 * {@code exp}/{@code nbf} with one minute of leeway), whose {@code sha256} claim is the standard base64 of the body's
 * SHA-256; the body is the protojson {@code WebhookEvent}. Only participant events matter here. The livekit/protocol
 * version upstream HEAD pins still accepted a token without {@code exp}; LiveKit itself always sets one and its later
 * release requires it (a token without expiry would be a credential forever), so Myelin requires it too.
 */
public final class SfuWebhook {
    static final long LEEWAY_SECONDS = 60;

    /** A participant event for one room and identity. */
    public record Delivery(JobKey key, JobEvent event) {
    }

    private final String apiKey;
    private final SecretBytes apiSecret;

    public SfuWebhook(String apiKey, SecretBytes apiSecret) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    /** The event to deliver, or empty when the webhook is unauthenticated, malformed or about something else. */
    public Optional<Delivery> receive(Optional<String> authorization, byte[] body, Instant now) {
        if (authorization.isEmpty() || !verified(authorization.get(), body, now)) {
            return Optional.empty();
        }
        try {
            return participantEvent(Json.parseObject(body));
        } catch (JsonException e) {
            return Optional.empty();
        }
    }

    private boolean verified(String token, byte[] body, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonObject header = Json.parseObject(base64Url(parts[0]));
            JsonObject claims = Json.parseObject(base64Url(parts[1]));
            if (!header.optionalString("alg").filter("HS256"::equals).isPresent()) {
                return false;
            }
            // The key provider knows one key; any other issuer has no secret.
            if (apiKey.isEmpty() || !claims.optionalString("iss").filter(apiKey::equals).isPresent()) {
                return false;
            }
            if (!signatureMatches(parts[0] + "." + parts[1], base64Url(parts[2]))) {
                return false;
            }
            Optional<Double> exp = numericDate(claims, "exp");
            if (exp.isEmpty() || !(now.getEpochSecond() < exp.get() + LEEWAY_SECONDS)) {
                return false;
            }
            Optional<Double> nbf = numericDate(claims, "nbf");
            if (nbf.isPresent() && now.getEpochSecond() + LEEWAY_SECONDS < nbf.get()) {
                return false;
            }
            Optional<String> sha256 = claims.optionalString("sha256");
            byte[] expected = Base64.getEncoder().encodeToString(sha256(body)).getBytes(StandardCharsets.US_ASCII);
            return sha256.isPresent()
                    && MessageDigest.isEqual(sha256.get().getBytes(StandardCharsets.UTF_8), expected);
        } catch (JsonException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A JSON number of seconds; any other type (a string, say) fails the whole token, as in Go. */
    private static Optional<Double> numericDate(JsonObject claims, String name) {
        Optional<JsonValue> value = claims.get(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return switch (value.get()) {
            case JsonInteger i -> Optional.of((double) i.value());
            case JsonDecimal d -> Optional.of(d.value().doubleValue());
            default -> throw new IllegalArgumentException(name + " is not a number");
        };
    }

    private boolean signatureMatches(String signingInput, byte[] signature) {
        byte[] key = apiSecret.exposeCopy();
        try {
            if (key.length == 0) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return MessageDigest.isEqual(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)), signature);
        } catch (GeneralSecurityException e) {
            return false;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Upstream routes participant_joined, participant_left and participant_connection_aborted; nothing else. */
    static Optional<Delivery> participantEvent(JsonObject event) {
        String type = event.optionalString("event").orElse("");
        JobEvent jobEvent;
        JsonObject participant = event.optionalObject("participant").orElse(JsonObject.EMPTY);
        switch (type) {
            case "participant_joined" -> jobEvent = new JobEvent.ParticipantJoined();
            case "participant_left", "participant_connection_aborted" ->
                    jobEvent = new JobEvent.ParticipantLeft(clientInitiated(participant));
            default -> {
                return Optional.empty();
            }
        }
        // Go would dereference a missing room or participant and drop the connection; ignoring it is kinder.
        Optional<String> room = event.optionalObject("room").flatMap(r -> r.optionalString("name"));
        Optional<String> identity = participant.optionalString("identity");
        if (room.isEmpty() || identity.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Delivery(new JobKey(room.get(), identity.get()), jobEvent));
    }

    /** protojson accepts the JSON or the proto field name, and the enum's name or number (CLIENT_INITIATED = 1). */
    private static boolean clientInitiated(JsonObject participant) {
        Optional<JsonValue> reason = participant.get("disconnectReason").or(() -> participant.get("disconnect_reason"));
        return reason.map(r -> switch (r) {
            case JsonString s -> s.value().equals("CLIENT_INITIATED");
            case JsonInteger i -> i.value() == 1;
            default -> false;
        }).orElse(false);
    }

    private static byte[] base64Url(String segment) {
        if (segment.indexOf('=') >= 0) {
            throw new IllegalArgumentException("padded segment"); // Go decodes JWT segments without padding only
        }
        return Base64.getUrlDecoder().decode(segment);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }
}
