package dev.myelin.homeserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForwardedAddressTest {

    @Test
    void ipLiterals_areAccepted() {
        assertThat(ForwardedAddress.isIpLiteral("203.0.113.7")).isTrue();
        assertThat(ForwardedAddress.isIpLiteral("0.0.0.0")).isTrue();
        assertThat(ForwardedAddress.isIpLiteral("2001:db8::42")).isTrue();
        assertThat(ForwardedAddress.isIpLiteral("::1")).isTrue();
        assertThat(ForwardedAddress.isIpLiteral("::ffff:192.0.2.1")).isTrue();
    }

    @Test
    void namesGarbageAndOutOfRangeQuads_areRefusedWithoutALookup() {
        assertThat(ForwardedAddress.isIpLiteral("evil.example")).isFalse();
        assertThat(ForwardedAddress.isIpLiteral("localhost")).isFalse();
        assertThat(ForwardedAddress.isIpLiteral("256.1.1.1")).isFalse();
        assertThat(ForwardedAddress.isIpLiteral("1.2.3")).isFalse();
        assertThat(ForwardedAddress.isIpLiteral("")).isFalse();
        assertThat(ForwardedAddress.isIpLiteral("1.2.3.4; drop")).isFalse();
        assertThat(ForwardedAddress.isIpLiteral(":".repeat(50))).isFalse();
    }
}
