package dev.myelin.authservice.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Reading LiveKit's protojson WebhookEvent: field names, enum forms, and what is not routed. */
class SfuWebhookTest {
    private static JobEvent event(String json) {
        return SfuWebhook.participantEvent(Json.parseObject(json)).map(SfuWebhook.Delivery::event).orElse(null);
    }

    @Test
    void disconnectReason_acceptsJsonOrProtoNameAndNameOrNumber() {
        String base = "{\"event\":\"participant_left\",\"room\":{\"name\":\"r\"},\"participant\":{\"identity\":\"i\",%s}}";

        assertThat(event(base.formatted("\"disconnectReason\":\"CLIENT_INITIATED\"")))
                .isEqualTo(new JobEvent.ParticipantLeft(true));
        assertThat(event(base.formatted("\"disconnect_reason\":1"))).isEqualTo(new JobEvent.ParticipantLeft(true));
        assertThat(event(base.formatted("\"disconnectReason\":\"DUPLICATE_IDENTITY\"")))
                .isEqualTo(new JobEvent.ParticipantLeft(false));
        assertThat(event(base.formatted("\"sid\":\"PA_1\""))).isEqualTo(new JobEvent.ParticipantLeft(false));
    }

    @Test
    void participantEvents_areRoutedByRoomNameAndIdentity() {
        var delivery = SfuWebhook.participantEvent(Json.parseObject(
                "{\"event\":\"participant_connection_aborted\",\"room\":{\"name\":\"r\",\"sid\":\"RM\"},"
                        + "\"participant\":{\"identity\":\"i\"},\"unknownField\":true}")).orElseThrow();

        assertThat(delivery.key()).isEqualTo(new JobKey("r", "i"));
        assertThat(delivery.event()).isEqualTo(new JobEvent.ParticipantLeft(false));
        assertThat(event("{\"event\":\"participant_joined\",\"room\":{\"name\":\"r\"},\"participant\":{\"identity\":\"i\"}}"))
                .isEqualTo(new JobEvent.ParticipantJoined());
    }

    @Test
    void otherEventsAndIncompleteOnes_areNotRouted() {
        assertThat(event("{\"event\":\"room_finished\",\"room\":{\"name\":\"r\"}}")).isNull();
        assertThat(event("{\"event\":\"track_published\",\"room\":{\"name\":\"r\"},\"participant\":{\"identity\":\"i\"}}"))
                .isNull();
        assertThat(event("{\"event\":\"participant_joined\",\"participant\":{\"identity\":\"i\"}}")).isNull();
        assertThat(event("{\"event\":\"participant_joined\",\"room\":{\"name\":\"r\"}}")).isNull();
    }

    private static final String BODY =
            "{\"event\":\"participant_joined\",\"room\":{\"name\":\"r\"},\"participant\":{\"identity\":\"i\"}}";
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private final SfuWebhook webhook = new SfuWebhook("key", SecretBytes.copyOf("secret".getBytes(StandardCharsets.UTF_8)));

    private static String token(String header, String claims) throws Exception {
        var b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String sha() throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(BODY.getBytes(StandardCharsets.UTF_8)));
    }

    private boolean accepted(String header, String claims) throws Exception {
        return webhook.receive(Optional.of(token(header, claims)), BODY.getBytes(StandardCharsets.UTF_8), NOW)
                .isPresent();
    }

    @Test
    void tokenChecks_algIssuerExpiryAndChecksum() throws Exception {
        String hs256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
        long now = NOW.getEpochSecond();
        String claims = "{\"iss\":\"key\",\"exp\":%s,\"sha256\":\"%s\"}";

        assertThat(accepted(hs256, claims.formatted(now + 10, sha()))).isTrue();
        assertThat(accepted(hs256, claims.formatted((now - 59) + ".5", sha()))).as("within leeway").isTrue();
        assertThat(accepted(hs256, claims.formatted(now - 60, sha()))).as("leeway is strict").isFalse();
        assertThat(accepted(hs256, "{\"iss\":\"key\",\"sha256\":\"" + sha() + "\"}")).as("no exp").isFalse();
        assertThat(accepted(hs256, claims.formatted("\"" + (now + 10) + "\"", sha()))).as("string exp").isFalse();
        assertThat(accepted("{\"alg\":\"HS512\"}", claims.formatted(now + 10, sha()))).isFalse();
        assertThat(accepted("{\"alg\":\"none\"}", claims.formatted(now + 10, sha()))).isFalse();
        assertThat(accepted(hs256, claims.formatted(now + 10, "x" + sha()))).isFalse();
        assertThat(accepted(hs256, "{\"iss\":\"other\",\"exp\":" + (now + 10) + ",\"sha256\":\"" + sha() + "\"}"))
                .isFalse();
    }

    @Test
    void mutatedWebhooks_neverThrow() throws Exception {
        long seed = new java.util.Random().nextLong();
        System.out.println("SfuWebhookTest seed " + seed);
        var random = new java.util.Random(seed);
        String claims = "{\"iss\":\"key\",\"exp\":" + (NOW.getEpochSecond() + 10) + ",\"sha256\":\"" + sha() + "\"}";
        String good = token("{\"alg\":\"HS256\"}", claims);
        byte[] alphabet = "{}[]\":,.0123456789-eE+tfnul \\/=_abcxyzAZ".getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            byte[] auth = good.getBytes(StandardCharsets.US_ASCII);
            byte[] target = random.nextBoolean() ? body : auth;
            for (int e = 0, edits = random.nextInt(3); e < edits; e++) {
                int at = random.nextInt(target.length);
                target[at] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            try {
                if (webhook.receive(Optional.of(new String(auth, StandardCharsets.ISO_8859_1)), body, NOW).isPresent()) {
                    accepted++;
                }
                SfuWebhook.participantEvent(Json.parseObject(body));
            } catch (dev.myelin.json.JsonException expected) {
                // only from parsing the mutated body directly
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " iteration " + i, e);
            }
        }
        assertThat(accepted).as("seed %d: unmutated webhooks still pass", seed).isPositive();
    }
}
