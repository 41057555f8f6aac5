package dev.myelin.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.crypto.internal.StateSeal;
import dev.myelin.crypto.megolm.ExportedRoomKey;
import dev.myelin.crypto.megolm.InboundGroupSession;
import dev.myelin.crypto.megolm.KeyExportFile;
import dev.myelin.crypto.megolm.MegolmException;
import dev.myelin.crypto.megolm.MegolmMessage;
import dev.myelin.crypto.megolm.MegolmRoomEvents;
import dev.myelin.crypto.megolm.OutboundGroupSession;
import dev.myelin.crypto.olm.DeviceIdentity;
import dev.myelin.crypto.olm.NormalMessage;
import dev.myelin.crypto.olm.OlmAccount;
import dev.myelin.crypto.olm.OlmDevice;
import dev.myelin.crypto.olm.OlmException;
import dev.myelin.crypto.olm.OlmMessage;
import dev.myelin.crypto.olm.OlmSession;
import dev.myelin.crypto.olm.PreKeyMessage;
import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * Every parser of untrusted bytes either returns a value that re-encodes to the same bytes or throws its module's one
 * exception type; nothing else escapes. In normal test runs Jazzer replays the seed inputs in
 * {@code src/test/resources/dev/myelin/crypto/ParserFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ParserFuzzTest {
    private static final SecretBytes KEY = SecretBytes.copyOf(new byte[32]);
    private static final InboundGroupSession ROOM_SESSION =
            InboundGroupSession.fromSessionKey(OutboundGroupSession.create(new Random(2)).sessionKey());
    private static final OlmDevice DEVICE = new OlmDevice("@fuzz:example.org", "FUZZ", OlmAccount.create(new Random(1)));

    @FuzzTest(maxDuration = "20s")
    void olmMessages_parseOrThrowOlmException(byte[] data) {
        try {
            assertThat(NormalMessage.decode(data).toBytes()).isEqualTo(data);
        } catch (OlmException expected) {
            // rejected input
        }
        try {
            PreKeyMessage.decode(data);
        } catch (OlmException expected) {
            // rejected input
        }
    }

    @FuzzTest(maxDuration = "20s")
    void megolmInputs_parseOrThrowMegolmException(byte[] data) {
        try {
            assertThat(MegolmMessage.decode(data).toBytes()).isEqualTo(data);
        } catch (MegolmException expected) {
            // rejected input
        }
        String base64 = java.util.Base64.getEncoder().withoutPadding().encodeToString(data);
        try {
            InboundGroupSession.importSession(base64).export(0);
        } catch (MegolmException expected) {
            // rejected input
        }
        try {
            InboundGroupSession.fromSessionKey(base64);
        } catch (MegolmException expected) {
            // rejected input
        }
    }

    /** Seals the fuzz input first, so that the state parsers behind the seal see it (random bytes never open). */
    @FuzzTest(maxDuration = "20s")
    void pickles_openOrThrow(byte[] data) {
        for (Runnable attempt : new Runnable[] {
            () -> OlmAccount.unpickle(data, KEY, new Random(0)),
            () -> OlmAccount.unpickle(StateSeal.seal(KEY, "myelin.olm.account.v1", data), KEY, new Random(0)),
            () -> OlmSession.unpickle(StateSeal.seal(KEY, "myelin.olm.session.v1", data), KEY, new Random(0)),
            () -> OlmDevice.unpickle(StateSeal.seal(KEY, "myelin.olm.device.v1", data), KEY, new Random(0)),
            () -> OutboundGroupSession.unpickle(StateSeal.seal(KEY, "myelin.megolm.outbound.v1", data), KEY),
            () -> InboundGroupSession.unpickle(StateSeal.seal(KEY, "myelin.megolm.inbound.v1", data), KEY),
        }) {
            try {
                attempt.run();
            } catch (OlmException | MegolmException expected) {
                // rejected input
            }
        }
    }

    @FuzzTest(maxDuration = "20s")
    void keyExportsAndRoomJson_parseOrThrow(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        try {
            KeyExportFile.importKeys("-----BEGIN MEGOLM SESSION DATA-----\n"
                    + java.util.Base64.getEncoder().encodeToString(data) + "\n-----END MEGOLM SESSION DATA-----", "pw");
        } catch (MegolmException expected) {
            // rejected input
        }
        try {
            KeyExportFile.decrypt(text, "pw");
        } catch (MegolmException expected) {
            // rejected input
        }
        try {
            JsonObject json = Json.parseObject(data);
            try {
                ExportedRoomKey.fromJson(json).toSession();
            } catch (MegolmException expected) {
                // rejected input
            }
            try {
                MegolmRoomEvents.parseRoomKey(json);
            } catch (MegolmException expected) {
                // rejected input
            }
            try {
                MegolmRoomEvents.decrypt(ROOM_SESSION, "!r:example.org", json);
            } catch (MegolmException expected) {
                // rejected input
            }
            try {
                DeviceIdentity.fromSignedDeviceKeys(json);
            } catch (OlmException expected) {
                // rejected input
            }
        } catch (JsonException expected) {
            // not JSON
        }
    }

    @FuzzTest(maxDuration = "20s")
    void toDeviceContent_parsesOrThrowsOlmOrJsonException(byte[] data) {
        try {
            JsonObject content = Json.parseObject(data);
            DEVICE.decrypt("@x:example.org", content, key -> Optional.empty());
        } catch (OlmException | JsonException expected) {
            // rejected input
        }
        try {
            OlmMessage.fromBase64(data.length % 3, new String(Arrays.copyOf(data, Math.min(data.length, 400)),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (OlmException expected) {
            // rejected input
        }
    }
}
