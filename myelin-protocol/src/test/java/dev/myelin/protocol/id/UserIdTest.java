package dev.myelin.protocol.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {

    @Test
    void parse_splitsLocalpartAndServerAtTheFirstColon() {
        UserId id = UserId.parse("@alice:matrix.example.org:8448");

        assertThat(id.localpart()).isEqualTo("alice");
        assertThat(id.server()).isEqualTo(ServerName.of("matrix.example.org:8448"));
        assertThat(id).hasToString("@alice:matrix.example.org:8448");
    }

    @Test
    void parse_acceptsIpv6Servers() {
        assertThat(UserId.parse("@bob:[::1]:8008").server().host()).isEqualTo("[::1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@Alice:example.org", "@a!b:example.org", "@~x:example.org"})
    void parse_acceptsHistoricalLocalpartsButMarksThem(String raw) {
        UserId id = UserId.parse(raw);

        assertThat(id.isHistorical()).isTrue();
        assertThatThrownBy(() -> UserId.parseStrict(raw)).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("a-z, 0-9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@a.b_c=d-e/f+g:example.org", "@123:localhost"})
    void create_acceptsCurrentGrammar(String raw) {
        UserId id = UserId.parseStrict(raw);

        assertThat(id.isHistorical()).isFalse();
        assertThat(id).hasToString(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:example.org", "@alice", "@:example.org", "@al ice:example.org", "@alé:example.org",
        "@alice:exa_mple.org", "@alice:", "@alice:example.org:99999", "@alice:[::1"})
    void parse_rejectsMalformedIds(String raw) {
        assertThatThrownBy(() -> UserId.parse(raw)).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("invalid user ID");
    }

    @Test
    void parse_rejectsIdsLongerThan255Bytes() {
        String server = ":example.org";
        String exact = "@" + "a".repeat(255 - 1 - server.length()) + server;

        assertThat(UserId.parse(exact).toString()).hasSize(255);
        assertThatThrownBy(() -> UserId.parse("@a" + exact.substring(1)))
                .hasMessageContaining("longer than 255 bytes");
    }

    @Test
    void errorMessage_echoesOnlyAPrefixOfLongInput() {
        assertThatThrownBy(() -> UserId.parse("x".repeat(10_000)))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }
}
