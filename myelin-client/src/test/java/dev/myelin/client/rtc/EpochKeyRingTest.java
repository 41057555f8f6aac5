package dev.myelin.client.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.keyshare.CallEpoch;
import dev.myelin.crypto.keyshare.EpochId;
import dev.myelin.crypto.keyshare.EpochKeyContent;
import dev.myelin.crypto.keyshare.EpochKeyDerivation;
import dev.myelin.crypto.keyshare.ParticipantId;
import dev.myelin.crypto.olm.DecryptedToDevice;
import dev.myelin.crypto.olm.DeviceIdentity;
import dev.myelin.crypto.olm.OlmAccount;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.EventId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import dev.myelin.protocol.rtc.MembershipDialect;
import dev.myelin.protocol.rtc.RtcMembership;
import dev.myelin.protocol.rtc.SlotId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The receiving side of epoch keys: sender checks, holding, and derivation for capable members only. */
class EpochKeyRingTest {
    private static final RoomId ROOM = RoomId.parse("!call:example.org");
    private static final String SLOT = SlotId.ROOM_CALL.toString();
    private final Random random = new Random(7);
    private final RtcMembership alice = member("@alice:example.org", "ALICE", true);
    private final RtcMembership bob = member("@bob:example.org", "BOB", true);
    private final RtcMembership jsSdk = member("@js:example.org", "JS", false);
    private final CallEpoch epoch = epoch(3, "@alice:example.org:ALICE");

    private static RtcMembership member(String user, String device, boolean capable) {
        JsonObject content = capable ? JsonObject.builder()
                .put(EpochKeyContent.CAPABILITY_FIELD, EpochKeyContent.capability()).build() : JsonObject.EMPTY;
        return new RtcMembership(MembershipDialect.LEGACY_STATE, EventId.parse("$" + device), UserId.parse(user),
                device, user + ":" + device, SlotId.ROOM_CALL, "m.call", Optional.empty(), 0, OptionalLong.empty(),
                List.of(), Optional.empty(), Optional.empty(), content);
    }

    private static CallEpoch epoch(long counter, String distributor) {
        byte[] secret = new byte[CallEpoch.SECRET_LENGTH];
        Arrays.fill(secret, (byte) counter);
        return new CallEpoch(new EpochId(counter, new ParticipantId(distributor)), SecretBytes.copyOf(secret));
    }

    private DecryptedToDevice fromOlm(String user, String device, String claimedDevice, String memberId) {
        var account = OlmAccount.create(random);
        var content = new EpochKeyContent(ROOM, SLOT, epoch.id(), epoch.secret(), 500, memberId, claimedDevice, 1);
        return new DecryptedToDevice(new DeviceIdentity(user, device, account.curve25519Key(), account.ed25519Key()),
                EpochKeyContent.TYPE, content.toJson());
    }

    private static EpochKeyRing ring() {
        return new EpochKeyRing(ROOM, SLOT, "@bob:example.org:BOB", 60_000, 10);
    }

    @Test
    void receive_fromTheDistributorsOwnDevice_isAcceptedWithItsEpoch() {
        var accepted = ring().receive(fromOlm("@alice:example.org", "ALICE", "ALICE", alice.memberId()),
                List.of(alice, bob), 0);

        assertThat(accepted).hasValueSatisfying(a -> {
            assertThat(a.from()).isEqualTo(new ParticipantId("@alice:example.org:ALICE"));
            assertThat(a.epoch().id()).isEqualTo(epoch.id());
            assertThat(a.useInMs()).isEqualTo(500);
        });
    }

    @Test
    void receive_fromAnotherDeviceOrUserThanTheDistributorsMembership_isDropped() {
        var ring = ring();

        assertThat(ring.receive(fromOlm("@alice:example.org", "OTHER", "ALICE", alice.memberId()),
                List.of(alice, bob), 0)).isEmpty();
        assertThat(ring.receive(fromOlm("@mallory:example.org", "ALICE", "ALICE", alice.memberId()),
                List.of(alice, bob), 0)).isEmpty();
        assertThat(ring.receive(fromOlm("@alice:example.org", "ALICE", "ALICE", "another-member-id"),
                List.of(alice, bob), 0)).isEmpty();
        assertThat(ring.retryHeld(List.of(alice, bob), 1)).isEmpty();
    }

    @Test
    void receive_beforeTheDistributorsMembership_isHeldThenAcceptedWhenItArrives() {
        var ring = ring();

        assertThat(ring.receive(fromOlm("@alice:example.org", "ALICE", "ALICE", alice.memberId()), List.of(bob), 0))
                .isEmpty();
        assertThat(ring.retryHeld(List.of(alice, bob), 1_000)).singleElement()
                .satisfies(a -> assertThat(a.epoch().id()).isEqualTo(epoch.id()));
    }

    @Test
    void install_derivesTheKeyOfEveryOtherCapableMemberOnly() {
        var ring = ring();

        var derived = ring.install(epoch, List.of(alice, bob, jsSdk));

        assertThat(derived).extracting(d -> d.member().deviceId()).containsExactly("ALICE");
        var expected = new EpochKeyDerivation(ROOM.value(), SLOT).mediaKey(epoch,
                new ParticipantId("@alice:example.org:ALICE"));
        assertThat(ring.key("@alice:example.org:ALICE", epoch.id().ringIndex()))
                .hasValueSatisfying(key -> assertThat(key.key().equalsConstantTime(expected.key())).isTrue());
        ring.retire(epoch.id());
        assertThat(ring.key("@alice:example.org:ALICE", epoch.id().ringIndex())).isEmpty();
    }
}
