package dev.myelin.crypto.megolm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.olm.DeviceIdentity;
import dev.myelin.crypto.olm.OlmAccount;
import dev.myelin.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomKeysTest {
    private static final String ROOM = "!room:example.org";
    private static final JsonObject JOIN = JsonObject.builder().put("slot_id", "m.call#ROOM").build();
    private final Random random = new Random(4354);
    private final DeviceIdentity alice = device("@alice:example.org", "ALICE");
    private final DeviceIdentity bob = device("@bob:example.org", "BOB");
    private final DeviceIdentity carol = device("@carol:example.org", "CAROL");

    private DeviceIdentity device(String user, String id) {
        var account = OlmAccount.create(random);
        return new DeviceIdentity(user, id, account.curve25519Key(), account.ed25519Key());
    }

    @Test
    void firstPrepare_startsASessionForEveryDevice_andSharedOnesAreNotAskedAgain() {
        var outbound = new OutboundRoomKey(ROOM, OutboundRoomKey.Rotation.DEFAULTS, random);
        OutboundRoomKey.Plan first = outbound.prepare(Set.of(bob, carol), 0);
        assertThat(first.rotated()).isTrue();
        assertThat(first.shareWith()).containsExactlyInAnyOrder(bob, carol);
        outbound.shared(List.of(bob));

        OutboundRoomKey.Plan second = outbound.prepare(Set.of(bob, carol), 1);
        assertThat(second.rotated()).isFalse();
        assertThat(second.shareWith()).containsExactly(carol);
        assertThat(second.roomKey().string("session_id")).isEqualTo(first.roomKey().string("session_id"));
    }

    @Test
    void deviceThatHadTheSessionLeaves_rotatesAndSharesWithTheRest() {
        var outbound = new OutboundRoomKey(ROOM, OutboundRoomKey.Rotation.DEFAULTS, random);
        OutboundRoomKey.Plan first = outbound.prepare(Set.of(bob, carol), 0);
        outbound.shared(first.shareWith());

        OutboundRoomKey.Plan afterLeave = outbound.prepare(Set.of(bob), 10);
        assertThat(afterLeave.rotated()).isTrue();
        assertThat(afterLeave.shareWith()).containsExactly(bob);
        assertThat(afterLeave.roomKey().string("session_id")).isNotEqualTo(first.roomKey().string("session_id"));
    }

    @Test
    void joinerOnly_keepsTheSession_butRotationPeriodOrMessageCountStartNewOnes() {
        var outbound = new OutboundRoomKey(ROOM, new OutboundRoomKey.Rotation(1_000, 2), random);
        outbound.shared(outbound.prepare(Set.of(bob), 0).shareWith());
        assertThat(outbound.prepare(Set.of(bob, carol), 500).rotated()).isFalse();
        assertThat(outbound.prepare(Set.of(bob), 1_000).rotated()).isTrue();
        outbound.shared(List.of(bob));
        outbound.encrypt("org.matrix.msc4143.rtc.member", JOIN);
        outbound.encrypt("org.matrix.msc4143.rtc.member", JOIN);
        assertThat(outbound.prepare(Set.of(bob), 1_001).rotated()).isTrue();
    }

    @Test
    void sharedSession_decryptsForItsSendersUserOnly_andOnlyOnceIndexPerEvent() {
        var outbound = new OutboundRoomKey(ROOM, OutboundRoomKey.Rotation.DEFAULTS, random);
        OutboundRoomKey.Plan plan = outbound.prepare(Set.of(bob), 0);
        JsonObject content = outbound.encrypt("org.matrix.msc4143.rtc.member", JOIN);
        var inbound = new InboundRoomKeys(10);

        assertThat(inbound.decrypt(ROOM, alice.userId(), "$1", content))
                .isInstanceOf(InboundRoomKeys.Result.MissingKey.class);
        assertThat(inbound.add(plan.roomKey(), alice)).isTrue();
        assertThat(inbound.add(plan.roomKey(), carol)).as("same session id from another device").isFalse();

        var decrypted = (InboundRoomKeys.Result.Decrypted) inbound.decrypt(ROOM, alice.userId(), "$1", content);
        assertThat(decrypted.type()).isEqualTo("org.matrix.msc4143.rtc.member");
        assertThat(decrypted.content()).isEqualTo(JOIN);
        assertThat(decrypted.sharedBy()).isEqualTo(alice);
        assertThat(inbound.decrypt(ROOM, carol.userId(), "$1", content))
                .isInstanceOf(InboundRoomKeys.Result.Rejected.class);
        assertThat(inbound.decrypt(ROOM, alice.userId(), "$replayed", content))
                .isInstanceOf(InboundRoomKeys.Result.Rejected.class);
        assertThat(inbound.decrypt("!other:example.org", alice.userId(), "$2", content))
                .isInstanceOf(InboundRoomKeys.Result.MissingKey.class);
    }

    @Test
    void laterStartingCopyOfAKnownSession_doesNotReplaceTheEarlierOne() {
        var outbound = new OutboundRoomKey(ROOM, OutboundRoomKey.Rotation.DEFAULTS, random);
        JsonObject early = outbound.prepare(Set.of(bob), 0).roomKey();
        JsonObject first = outbound.encrypt("m.room.message", JOIN);
        JsonObject late = outbound.prepare(Set.of(bob), 1).roomKey();
        var inbound = new InboundRoomKeys(10);

        assertThat(inbound.add(late, alice)).isTrue();
        assertThat(inbound.decrypt(ROOM, alice.userId(), "$1", first))
                .as("index 0 is before a key shared at index 1").isInstanceOf(InboundRoomKeys.Result.Rejected.class);
        assertThat(inbound.add(early, alice)).isTrue();
        assertThat(inbound.add(late, alice)).isFalse();
        assertThat(inbound.decrypt(ROOM, alice.userId(), "$1", first))
                .isInstanceOf(InboundRoomKeys.Result.Decrypted.class);
    }

    @Test
    void malformedRoomKey_isIgnored() {
        var inbound = new InboundRoomKeys(10);
        assertThat(inbound.add(JsonObject.builder().put("algorithm", "m.megolm.v1.aes-sha2").build(), alice)).isFalse();
        assertThat(inbound.size()).isZero();
    }

    @Test
    void savedAndRestored_decryptsAsBefore_andAWrongKeyIsRefused() {
        var outbound = new OutboundRoomKey(ROOM, OutboundRoomKey.Rotation.DEFAULTS, random);
        JsonObject roomKey = outbound.prepare(Set.of(bob), 0).roomKey();
        JsonObject content = outbound.encrypt("org.matrix.msc4143.rtc.member", JOIN);
        var inbound = new InboundRoomKeys(10);
        inbound.add(roomKey, alice);
        byte[] keyBytes = new byte[32];
        random.nextBytes(keyBytes);
        SecretBytes key = SecretBytes.copyOf(keyBytes);

        JsonObject saved = inbound.save(key);
        var restored = InboundRoomKeys.restore(saved, key, 10);

        assertThat(restored.size()).isOne();
        assertThat(restored.decrypt(ROOM, alice.userId(), "$1", content))
                .isInstanceOfSatisfying(InboundRoomKeys.Result.Decrypted.class,
                        d -> assertThat(d.sharedBy()).isEqualTo(alice));
        keyBytes[0] ^= 1;
        assertThatThrownBy(() -> InboundRoomKeys.restore(saved, SecretBytes.copyOf(keyBytes), 10))
                .isInstanceOf(MegolmException.class);
    }
}
