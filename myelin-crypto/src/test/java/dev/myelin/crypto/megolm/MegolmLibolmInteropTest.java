package dev.myelin.crypto.megolm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.JsonLinesPeer;
import dev.myelin.json.JsonObject;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Live Megolm interoperability with libolm 3.2 (python3-olm), both directions, session keys and exports. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MegolmLibolmInteropTest {
    private static JsonLinesPeer libolm;

    @BeforeAll
    static void startPeer() {
        libolm = JsonLinesPeer.startLibolm();
    }

    @AfterAll
    static void stopPeer() {
        libolm.close();
    }

    private static JsonObject args(String... keysAndValues) {
        var builder = JsonObject.builder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            builder.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return builder.build();
    }

    @Test
    void javaOutbound_libolmInbound_decryptsInAnyOrder() {
        var outbound = OutboundGroupSession.create(new Random(11));
        outbound.encrypt("before sharing".getBytes(UTF_8));
        JsonObject opened = libolm.call("inbound_group_session", args("group", "in1", "session_key",
                outbound.sessionKey()));
        assertThat(opened.string("session_id")).isEqualTo(outbound.sessionId());
        assertThat(opened.integer("first_known_index")).isEqualTo(1);
        var messages = new ArrayList<MegolmMessage>();
        for (int i = 1; i <= 260; i++) {
            messages.add(outbound.encrypt(("java " + i).getBytes(UTF_8)));
        }
        for (int i : new int[] {259, 0, 100, 258}) {
            JsonObject decrypted = libolm.call("group_decrypt", args("group", "in1", "body",
                    messages.get(i).toBase64()));
            assertThat(decrypted.string("plaintext")).isEqualTo("java " + (i + 1));
            assertThat(decrypted.integer("index")).isEqualTo(i + 1);
        }
    }

    @Test
    void libolmOutbound_javaInbound_decryptsInAnyOrder() {
        JsonObject created = libolm.call("outbound_group_session", args("group", "out1"));
        var inbound = InboundGroupSession.fromSessionKey(created.string("session_key"));
        assertThat(inbound.sessionId()).isEqualTo(created.string("session_id"));
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 300; i++) {
            bodies.add(libolm.call("group_encrypt", args("group", "out1", "plaintext", "libolm " + i)).string("body"));
        }
        for (int i : new int[] {299, 0, 256, 255, 1}) {
            DecryptedGroupMessage decrypted = inbound.decrypt(MegolmMessage.fromBase64(bodies.get(i)));
            assertThat(new String(decrypted.plaintext(), UTF_8)).isEqualTo("libolm " + i);
            assertThat(decrypted.messageIndex()).isEqualTo(i);
        }
    }

    @Test
    void exports_importOnBothSides() {
        var outbound = OutboundGroupSession.create(new Random(12));
        var inbound = InboundGroupSession.fromSessionKey(outbound.sessionKey());
        var messages = new ArrayList<MegolmMessage>();
        for (int i = 0; i < 6; i++) {
            messages.add(outbound.encrypt(("m" + i).getBytes(UTF_8)));
        }
        libolm.call("import_group_session", args("group", "imp1", "exported", inbound.export(2)));
        assertThat(libolm.call("group_decrypt", args("group", "imp1", "body", messages.get(5).toBase64()))
                .string("plaintext")).isEqualTo("m5");
        assertThatThrownBy(() -> libolm.call("group_decrypt", args("group", "imp1", "body",
                messages.get(1).toBase64()))).isInstanceOf(JsonLinesPeer.PeerError.class);

        String exportedByLibolm = libolm.call("export_group_session",
                JsonObject.builder().put("group", "imp1").put("index", 3).build())
                .string("exported");
        var reimported = InboundGroupSession.importSession(exportedByLibolm);
        assertThat(reimported.decrypt(messages.get(3)).plaintext()).isEqualTo("m3".getBytes(UTF_8));
    }
}
