package dev.myelin.authservice.livekit;

import dev.myelin.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints LiveKit access tokens: HS256 JWTs keyed with the raw API secret bytes. Signed with {@link Mac} directly
 * because JWT libraries refuse HMAC keys under 256 bits, and LiveKit (and lk-jwt-service's tests) use short secrets.
 * Claims are written in the order Go writes them (sorted), so the payload matches upstream's.
 */
public final class LiveKitTokens {
    /** How long a join token is valid, as upstream. */
    public static final Duration JOIN_VALIDITY = Duration.ofHours(1);
    /** How long the RoomService call token is valid, as the sheet describes the Go SDK's default. */
    public static final Duration SERVICE_VALIDITY = Duration.ofHours(6);

    private static final String HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final String apiKey;
    private final SecretBytes apiSecret;

    public LiveKitTokens(String apiKey, SecretBytes apiSecret) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    /**
     * A token to join {@code room} as {@code identity} with publish, subscribe and own-metadata rights.
     *
     * @throws TokenMintingException when the key or secret is empty
     */
    public String joinToken(String identity, String room, Instant now) {
        var video = new LinkedHashMap<String, Object>();
        video.put("canPublish", true);
        video.put("canSubscribe", true);
        video.put("canUpdateOwnMetadata", true);
        video.put("room", room);
        video.put("roomJoin", true);
        var claims = new LinkedHashMap<String, Object>();
        long seconds = now.getEpochSecond();
        claims.put("exp", seconds + JOIN_VALIDITY.toSeconds());
        claims.put("iat", seconds);
        claims.put("iss", apiKey);
        claims.put("nbf", seconds);
        claims.put("sub", identity);
        claims.put("video", video);
        return sign(claims);
    }

    /** A token for the RoomService API with only the {@code roomCreate} grant and no subject. */
    public String roomCreateToken(Instant now) {
        var claims = new LinkedHashMap<String, Object>();
        long seconds = now.getEpochSecond();
        claims.put("exp", seconds + SERVICE_VALIDITY.toSeconds());
        claims.put("iat", seconds);
        claims.put("iss", apiKey);
        claims.put("nbf", seconds);
        claims.put("video", Map.of("roomCreate", true));
        return sign(claims);
    }

    /** A token for RoomService calls about one room's participants, as the Go SDK signs for GetParticipant. */
    public String roomAdminToken(String room, Instant now) {
        var video = new LinkedHashMap<String, Object>();
        video.put("room", room);
        video.put("roomAdmin", true);
        var claims = new LinkedHashMap<String, Object>();
        long seconds = now.getEpochSecond();
        claims.put("exp", seconds + SERVICE_VALIDITY.toSeconds());
        claims.put("iat", seconds);
        claims.put("iss", apiKey);
        claims.put("nbf", seconds);
        claims.put("video", video);
        return sign(claims);
    }

    private String sign(Map<String, Object> claims) {
        if (apiKey.isEmpty() || apiSecret.length() == 0) {
            throw new TokenMintingException("LiveKit API key or secret is empty");
        }
        String signingInput = HEADER + "." + base64Url(GoJsonWriter.object(claims).getBytes(StandardCharsets.UTF_8));
        byte[] key = apiSecret.exposeCopy();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + "." + base64Url(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new TokenMintingException("HS256 signing failed: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token could not be made; the request fails with 500 and no room is created. */
    public static final class TokenMintingException extends RuntimeException {
        TokenMintingException(String message) {
            super(message);
        }
    }
}
