package dev.myelin.protocol.rtc;

import static dev.myelin.protocol.rtc.RtcEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.rtc.MembershipReading.Joined;
import dev.myelin.protocol.rtc.MembershipReading.Left;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What we send must read back, through the same rules other clients apply, as what we meant. */
class MembershipContentsTest {
    private static final MembershipContents.Own OWN = new MembershipContents.Own(ALICE, DeviceId.of("AAAAAAA"),
            "member-1", SlotId.ROOM_CALL, List.of(Transport.livekit(RtcEvents.SERVICE)),
            FocusSelection.OLDEST_MEMBERSHIP, Optional.of("audio"));

    @Test
    void legacyJoin_readsBackAsThisDevicesMembership() {
        var content = MembershipContents.legacyJoin(OWN, 14_400_000, OptionalLong.of(500));

        var member = ((Joined) MembershipReader.read(RtcEvents.legacy(ALICE, "AAAAAAA", 900, content))).membership();

        assertThat(member.memberId()).isEqualTo("member-1");
        assertThat(member.createdTs()).isEqualTo(500);
        assertThat(member.callIntent()).contains("audio");
        assertThat(member.slot()).isEqualTo(SlotId.ROOM_CALL);
        assertThat(member.transports().getFirst().livekitServiceUrl()).contains(RtcEvents.SERVICE);
        assertThat(content.string("call_id")).isEmpty();
    }

    @Test
    void stickyJoin_readsBackInTheTransportsForm() {
        var member = ((Joined) MembershipReader.read(RtcEvents.sticky(ALICE, 1, MembershipContents.stickyJoin(OWN))))
                .membership();

        assertThat(member.dialect()).isEqualTo(MembershipDialect.STICKY_TRANSPORTS);
        assertThat(member.stickyKey()).contains("member-1");
        assertThat(member.deviceId()).isEqualTo("AAAAAAA");
    }

    @Test
    void leaves_readBackAsLeaves() {
        assertThat(MembershipReader.read(RtcEvents.legacy(ALICE, "AAAAAAA", 1, MembershipContents.legacyLeave())))
                .isInstanceOf(Left.class);
        assertThat(MembershipReader.read(RtcEvents.sticky(ALICE, 1, MembershipContents.stickyLeave(OWN))))
                .isInstanceOf(Left.class);
    }
}
