package dev.myelin.crypto.megolm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.Vectors;
import dev.myelin.crypto.olm.OlmAccount;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyExportFileTest {

    @Test
    void decrypt_elementVectors_giveTheirPlaintext() {
        for (JsonValue value : Vectors.olmMegolm().array("key_export_files").elements()) {
            JsonObject vector = (JsonObject) value;
            assertThat(new String(KeyExportFile.decrypt(vector.string("file"), vector.string("passphrase")), UTF_8))
                    .isEqualTo(vector.string("plaintext"));
        }
    }

    @Test
    void decrypt_wrongPassphraseOrDamage_isRejected() {
        JsonObject vector = (JsonObject) Vectors.olmMegolm().array("key_export_files").elements().getFirst();
        assertThatThrownBy(() -> KeyExportFile.decrypt(vector.string("file"), "wrong"))
                .isInstanceOf(MegolmException.class).hasMessageContaining("wrong passphrase");
        assertThatThrownBy(() -> KeyExportFile.decrypt("no armour", "password")).isInstanceOf(MegolmException.class);
        String damaged = vector.string("file").replace("cissy", "cissz");
        assertThatThrownBy(() -> KeyExportFile.decrypt(damaged, "password")).isInstanceOf(MegolmException.class);
    }

    @Test
    void exportAndImport_roundTripsSessionsThatStillDecrypt() {
        var random = new Random(21);
        var account = OlmAccount.create(random);
        var outbound = OutboundGroupSession.create(random);
        var inbound = InboundGroupSession.fromSessionKey(outbound.sessionKey());
        MegolmMessage message = outbound.encrypt("in the room".getBytes(UTF_8));
        var key = ExportedRoomKey.of("!room:example.org", account.curve25519Key(), account.ed25519Key(), inbound, 0);

        String file = KeyExportFile.exportKeys(List.of(key), "correct horse", 1000, random);
        assertThat(file).startsWith("-----BEGIN MEGOLM SESSION DATA-----\n").doesNotContain(key.sessionKey());
        List<ExportedRoomKey> imported = KeyExportFile.importKeys(file, "correct horse");
        assertThat(imported).containsExactly(key);
        assertThat(imported.getFirst().toSession().decrypt(message).plaintext()).isEqualTo("in the room".getBytes(UTF_8));
        assertThat(key.toString()).doesNotContain(key.sessionKey());
    }

    @Test
    void toSession_withMismatchedSessionId_isRejected() {
        var random = new Random(22);
        var account = OlmAccount.create(random);
        var inbound = InboundGroupSession.fromSessionKey(OutboundGroupSession.create(random).sessionKey());
        var key = ExportedRoomKey.of("!r:example.org", account.curve25519Key(), account.ed25519Key(), inbound, 0);
        var lying = new ExportedRoomKey(key.roomId(), key.senderKey(), "other", key.sessionKey(),
                key.senderClaimedEd25519(), List.of());
        assertThatThrownBy(lying::toSession).isInstanceOf(MegolmException.class);
    }
}
