package dev.myelin.protocol.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"matrix.org", "matrix.org:8888", "1.2.3.4", "1.2.3.4:1234", "[1234:5678::abcd]",
        "[1234:5678::abcd]:5678", "localhost", "a-b.example", "[::ffff:1.2.3.4]"})
    void constructor_acceptsSpecExamples(String value) {
        assertThat(ServerName.of(value)).hasToString(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":8008", "matrix.org:", "matrix.org:abc", "matrix.org:123456", "matrix.org:65536",
        "[1234", "[12x4::1]", "[::1]x", "exa mple.org", "exa_mple.org", "ex/ample", "[]"})
    void constructor_rejectsWhatTheGrammarRefuses(String value) {
        assertThatThrownBy(() -> ServerName.of(value)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void hostAndPort_areSplitForNamesAndIpv6Literals() {
        assertThat(ServerName.of("matrix.org:8448").host()).isEqualTo("matrix.org");
        assertThat(ServerName.of("matrix.org:8448").port()).hasValue(8448);
        assertThat(ServerName.of("matrix.org").port()).isEmpty();
        assertThat(ServerName.of("[::1]:8008").host()).isEqualTo("[::1]");
        assertThat(ServerName.of("[::1]:8008").port()).hasValue(8008);
        assertThat(ServerName.of("[::1]").port()).isEmpty();
    }
}
