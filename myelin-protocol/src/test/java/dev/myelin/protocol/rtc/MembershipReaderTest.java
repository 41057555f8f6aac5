package dev.myelin.protocol.rtc;

import static dev.myelin.protocol.rtc.RtcEvents.ALICE;
import static dev.myelin.protocol.rtc.RtcEvents.BOB;
import static dev.myelin.protocol.rtc.RtcEvents.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.rtc.MembershipReading.Ignored;
import dev.myelin.protocol.rtc.MembershipReading.Joined;
import dev.myelin.protocol.rtc.MembershipReading.Left;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class MembershipReaderTest {

    @Test
    void legacy_readsTheSheetExampleWithDerivedFields() {
        var event = RtcEvents.legacy(ALICE, "AAAAAAA", 1_000, RtcEvents.legacyContent("AAAAAAA"));

        var member = ((Joined) MembershipReader.read(event)).membership();

        assertThat(member.dialect()).isEqualTo(MembershipDialect.LEGACY_STATE);
        assertThat(member.memberId()).isEqualTo("@alice:example.org:AAAAAAA");
        assertThat(member.slot()).isEqualTo(SlotId.ROOM_CALL);
        assertThat(member.createdTs()).isEqualTo(1_000);
        assertThat(member.expiresAt()).hasValue(1_000 + 14_400_000);
        assertThat(member.callIntent()).contains("video");
        assertThat(member.focusSelection()).contains("oldest_membership");
        assertThat(member.transports().getFirst().livekitServiceUrl()).contains(SERVICE);
        assertThat(member.transports().getFirst().livekitAlias()).contains("!room:example.org");
    }

    @Test
    void legacy_usesCreatedTsAndDefaultsMemberIdAndExpiry() {
        JsonObject content = RtcEvents.legacyContent("DEV").without("membershipID", "expires")
                .with("created_ts", JsonValue.of(500));

        var member = ((Joined) MembershipReader.read(RtcEvents.legacy(ALICE, "DEV", 9_000, content))).membership();

        assertThat(member.memberId()).isEqualTo("@alice:example.org:DEV");
        assertThat(member.createdTs()).isEqualTo(500);
        assertThat(member.expiresAt()).hasValue(500 + LegacyMembershipReader.DEFAULT_EXPIRES_MS);
    }

    @Test
    void legacy_emptyContentIsALeaveAndOldShapesAreIgnored() {
        assertThat(MembershipReader.read(RtcEvents.legacy(ALICE, "D", 1, JsonObject.EMPTY))).isInstanceOf(Left.class);
        assertThat(MembershipReader.read(RtcEvents.legacy(ALICE, "D", 1, Json.parseObject("{\"memberships\":[]}"))))
                .isInstanceOf(Ignored.class);
    }

    @Test
    void legacy_wrongTypesAreIgnoredWithAReason() {
        JsonObject content = RtcEvents.legacyContent("D").with("device_id", JsonValue.of(7));

        var reading = MembershipReader.read(RtcEvents.legacy(ALICE, "D", 1, content));

        assertThat(reading).isInstanceOfSatisfying(Ignored.class,
                ignored -> assertThat(ignored.reason()).contains("device_id"));
    }

    @Test
    void sticky_readsTheTransportsForm() {
        var event = RtcEvents.sticky(ALICE, 2_000, RtcEvents.stickyContent(ALICE, "AAAAAAA", "uuid-1"));

        var member = ((Joined) MembershipReader.read(event)).membership();

        assertThat(member.dialect()).isEqualTo(MembershipDialect.STICKY_TRANSPORTS);
        assertThat(member.memberId()).isEqualTo("uuid-1");
        assertThat(member.deviceId()).isEqualTo("AAAAAAA");
        assertThat(member.stickyKey()).contains("uuid-1");
        assertThat(member.createdTs()).isEqualTo(2_000);
        assertThat(member.expiresAt()).isEmpty();
        assertThat(member.isExpiredAt(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void sticky_readsThe2025RtcTransportsForm() {
        JsonObject content = RtcEvents.stickyContent(ALICE, "D", "m1").without("transports")
                .with("rtc_transports", Json.parse("[{\"type\":\"livekit\",\"livekit_service_url\":\"u\"}]"));

        var member = ((Joined) MembershipReader.read(RtcEvents.sticky(ALICE, 1, content))).membership();

        assertThat(member.dialect()).isEqualTo(MembershipDialect.STICKY_2025);
        assertThat(member.transports().getFirst().livekitServiceUrl()).contains("u");
    }

    @Test
    void sticky_contentWithOnlyKeysIsALeave() {
        assertThat(MembershipReader.read(RtcEvents.sticky(ALICE, 1,
                Json.parseObject("{\"slot_id\":\"m.call#ROOM\",\"msc4354_sticky_key\":\"m1\"}")))).isInstanceOf(Left.class);
        assertThat(MembershipReader.read(RtcEvents.sticky(ALICE, 1, JsonObject.EMPTY))).isInstanceOf(Left.class);
    }

    @Test
    void sticky_memberClaimingAnotherUserIsIgnored() {
        var event = RtcEvents.sticky(BOB, 1, RtcEvents.stickyContent(ALICE, "D", "m1"));

        assertThat(MembershipReader.read(event)).isInstanceOfSatisfying(Ignored.class,
                ignored -> assertThat(ignored.reason()).contains("not the sender"));
    }

    @Test
    void sticky_conflictingStickyKeysOrSlotOfAnotherApplicationAreIgnored() {
        JsonObject base = RtcEvents.stickyContent(ALICE, "D", "m1");

        assertThat(MembershipReader.read(RtcEvents.sticky(ALICE, 1, base.with("sticky_key", JsonValue.of("other")))))
                .isInstanceOf(Ignored.class);
        assertThat(MembershipReader.read(RtcEvents.sticky(ALICE, 1, base.with("slot_id", JsonValue.of("m.other#x")))))
                .isInstanceOf(Ignored.class);
        assertThat(MembershipReader.read(RtcEvents.sticky(ALICE, 1, base.with("slot_id", JsonValue.of("m.call#a#b")))))
                .isInstanceOf(Ignored.class);
        assertThat(MembershipReader.read(RtcEvents.sticky(ALICE, 1, base.with("m.relates_to",
                Json.parse("{\"rel_type\":\"m.annotation\",\"event_id\":\"$x\"}"))))).isInstanceOf(Ignored.class);
    }

    @Test
    void read_neverThrowsForRandomContent() {
        long seed = 20261127L;
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        JsonObject legacy = RtcEvents.legacyContent("D");
        JsonObject sticky = RtcEvents.stickyContent(ALICE, "D", "m1");
        JsonValue[] junk = {JsonValue.of(1), JsonValue.of("x"), JsonObject.EMPTY, Json.parse("[1]"),
            dev.myelin.json.JsonNull.INSTANCE, Json.parse("{\"type\":3}"), Json.parse("[{\"type\":\"t\"}]")};
        for (int i = 0; i < 2_000; i++) {
            JsonObject base = random.nextBoolean() ? legacy : sticky;
            var keys = base.members().keySet().toArray(String[]::new);
            JsonObject mutated = base.with(keys[random.nextInt(keys.length)], junk[random.nextInt(junk.length)]);
            var event = random.nextBoolean() ? RtcEvents.legacy(ALICE, "D", 1, mutated)
                    : RtcEvents.sticky(ALICE, 1, mutated);

            assertThat(MembershipReader.read(event)).as("seed %d, content %s", seed, mutated).isNotNull();
        }
    }
}
