package dev.myelin.protocol.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomAndEventIdTest {

    @Test
    void roomId_keepsItsServerBeforeVersion12AndHasNoneAfter() {
        assertThat(RoomId.parse("!abcDEF:example.org").server()).contains(ServerName.of("example.org"));
        assertThat(RoomId.parse("!31hneApxJ_1o-63DmFrpeqnkFfWppnzWso1JvH3ogLM").server()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc:example.org", "!", "!:example.org", "!abc:bad host", "!a b:example.org", "!abc:"})
    void roomId_rejectsMalformedIds(String raw) {
        assertThatThrownBy(() -> RoomId.parse(raw)).isInstanceOf(InvalidIdentifierException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#room:example.org", "#日本:example.org", "#a.b-c:[::1]:8008"})
    void alias_acceptsAnyLocalpartWithoutColon(String raw) {
        assertThat(RoomAlias.parse(raw)).hasToString(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"room:example.org", "#:example.org", "#room", "#ro om:example.org", "#room:bad_host"})
    void alias_rejectsMalformedAliases(String raw) {
        assertThatThrownBy(() -> RoomAlias.parse(raw)).isInstanceOf(InvalidIdentifierException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$abc:example.org", "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk",
        "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"})
    void eventId_acceptsEveryRoomVersionsForm(String raw) {
        assertThat(EventId.parse(raw)).hasToString(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$", "abc", "$a b", "$a\nb"})
    void eventId_rejectsMalformedIds(String raw) {
        assertThatThrownBy(() -> EventId.parse(raw)).isInstanceOf(InvalidIdentifierException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "DEV ICE", "DEV\tICE"})
    void deviceId_rejectsEmptyAndWhitespace(String raw) {
        assertThatThrownBy(() -> DeviceId.of(raw)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void deviceId_acceptsTypicalIds() {
        assertThat(DeviceId.of("ABCDEFGHIJ")).hasToString("ABCDEFGHIJ");
    }
}
