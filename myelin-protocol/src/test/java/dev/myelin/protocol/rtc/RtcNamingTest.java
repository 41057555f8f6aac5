package dev.myelin.protocol.rtc;

import static dev.myelin.protocol.rtc.RtcEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import dev.myelin.protocol.rtc.LiveKitNames.JsonForm;
import dev.myelin.protocol.rtc.MembershipReading.Joined;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Slot ids, legacy state keys, LiveKit names and focus selection. */
class RtcNamingTest {

    static Stream<JsonObject> hashVectors() throws IOException {
        Path file = Path.of(System.getProperty("myelin.vectors", "../test-vectors"), "identity-hashes.json");
        return Json.parseObject(Files.readAllBytes(file)).array("vectors").objects().stream();
    }

    @ParameterizedTest
    @MethodSource("hashVectors")
    void hash_matchesTheVectorsInBothForms(JsonObject vector) {
        List<String> input = vector.array("input").strings();

        assertThat(LiveKitNames.hash(input, JsonForm.GO_MARSHAL))
                .isEqualTo(vector.optionalString("hash_go").orElseGet(() -> vector.string("hash")));
        assertThat(LiveKitNames.hash(input, JsonForm.JS_STRINGIFY))
                .isEqualTo(vector.optionalString("hash_js").orElseGet(() -> vector.string("hash")));
    }

    @Test
    void identity_isHashedForStickyMembersAndPlainForLegacyOnes() {
        var sticky = ((Joined) MembershipReader.read(RtcEvents.sticky(UserId.parse("@alice:example.org"), 1,
                RtcEvents.stickyContent(UserId.parse("@alice:example.org"), "AAAAAAA", "xyzHASHxyz")))).membership();
        var legacy = ((Joined) MembershipReader.read(RtcEvents.legacy(ALICE, "AAAAAAA", 1,
                RtcEvents.legacyContent("AAAAAAA")))).membership();

        assertThat(LiveKitNames.identity(sticky)).isEqualTo("jUZ0Q1yF5nV3LlAI5xfD1I7BPnAytJaPEAR57EXjJ6s");
        assertThat(LiveKitNames.identity(legacy)).isEqualTo("@alice:example.org:AAAAAAA");
        assertThat(LiveKitNames.roomName(RoomId.parse("!roomid:example.com"), SlotId.parse("m.call#ROOM"),
                JsonForm.GO_MARSHAL)).hasSize(43);
    }

    @Test
    void slotId_parsesOneHashOnlyAndMapsLegacyCallIds() {
        assertThat(SlotId.parse("m.call#")).isEqualTo(new SlotId("m.call", ""));
        assertThatThrownBy(() -> SlotId.parse("m.call#a#b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlotId.parse("#x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SlotId.parse("nohash")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SlotId.fromLegacy("m.call", "")).isEqualTo(SlotId.ROOM_CALL);
        assertThat(SlotId.fromLegacy("foo", "")).hasToString("foo#");
        assertThat(SlotId.ROOM_CALL.legacyCallId()).isEmpty();
    }

    @Test
    void legacyStateKey_matchesJsSdk() {
        DeviceId device = DeviceId.of("AAAAAAA");

        assertThat(LegacyStateKey.of(ALICE, device, SlotId.ROOM_CALL, "10"))
                .isEqualTo("_@alice:example.org_AAAAAAA_m.call");
        assertThat(LegacyStateKey.of(ALICE, device, SlotId.parse("m.call#custom"), "11"))
                .isEqualTo("_@alice:example.org_AAAAAAA_m.callcustom");
        assertThat(LegacyStateKey.of(ALICE, device, SlotId.ROOM_CALL, "org.matrix.msc3757.10"))
                .isEqualTo("@alice:example.org_AAAAAAA_m.call");
    }

    @Test
    void transportFor_followsFocusSelection() {
        var oldest = ((Joined) MembershipReader.read(RtcEvents.legacy(RtcEvents.BOB, "B", 1,
                RtcEvents.legacyContent("B")))).membership();
        JsonObject multiSfu = RtcEvents.legacyContent("A")
                .with("focus_active", Json.parse("{\"type\":\"livekit\",\"focus_selection\":\"multi_sfu\"}"))
                .with("foci_preferred", Json.parse("[{\"type\":\"livekit\",\"livekit_service_url\":\"own\"}]"));
        var own = ((Joined) MembershipReader.read(RtcEvents.legacy(ALICE, "A", 2, multiSfu))).membership();
        var unknown = ((Joined) MembershipReader.read(RtcEvents.legacy(ALICE, "A", 2, multiSfu.with("focus_active",
                Json.parse("{\"type\":\"livekit\",\"focus_selection\":\"other\"}"))))).membership();
        var oldestRule = ((Joined) MembershipReader.read(RtcEvents.legacy(ALICE, "A", 2,
                multiSfu.with("focus_active", Json.parse("{\"type\":\"livekit\",\"focus_selection\":"
                        + "\"oldest_membership\"}"))))).membership();

        assertThat(FocusSelection.transportFor(own, List.of(oldest, own)).flatMap(Transport::livekitServiceUrl))
                .contains("own");
        assertThat(FocusSelection.transportFor(oldestRule, List.of(oldest, oldestRule))
                .flatMap(Transport::livekitServiceUrl)).contains(RtcEvents.SERVICE);
        assertThat(FocusSelection.transportFor(unknown, List.of(oldest, unknown))).isEmpty();
    }
}
