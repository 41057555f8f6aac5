package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.delegation.ClientApiResolver;
import dev.myelin.authservice.delegation.DelayedEventsClient;
import dev.myelin.authservice.delegation.HttpDelegationCalls;
import dev.myelin.authservice.delegation.JobAction;
import dev.myelin.authservice.delegation.DelayedEventOutcome;
import dev.myelin.authservice.delegation.LookupOutcome;
import dev.myelin.authservice.livekit.LiveKitTokens;
import dev.myelin.authservice.livekit.RoomServiceClient;
import dev.myelin.crypto.SecretBytes;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real outbound calls of a delegation against the fake SFU and homeserver. */
class ParticipantLookupTest {
    private static HttpDelegationCalls calls(FakeSfu sfu, Map<String, String> overrides) {
        var http = HttpClient.newHttpClient();
        var tokens = new LiveKitTokens(Fixture.KEY, SecretBytes.copyOf(Fixture.SECRET.getBytes(StandardCharsets.UTF_8)));
        return new HttpDelegationCalls(new ClientApiResolver(overrides, http, InstantSource.system(), true),
                new DelayedEventsClient(http, InstantSource.system()),
                new RoomServiceClient(sfu.wsUrl(), tokens, http, InstantSource.system()));
    }

    @Test
    void getParticipant_presentAbsentOrFailed() throws Exception {
        try (var sfu = new FakeSfu()) {
            var calls = calls(sfu, Map.of());
            sfu.setPresent("room", "alice");

            assertThat(calls.lookUpParticipant("room", "alice")).isEqualTo(LookupOutcome.PRESENT);
            assertThat(calls.lookUpParticipant("room", "bob")).isEqualTo(LookupOutcome.ABSENT);
            sfu.failLookupsWith(500);
            assertThat(calls.lookUpParticipant("room", "alice")).isEqualTo(LookupOutcome.FAILED);
            assertThat(FakeSfu.decodeLookup(sfu.getParticipantCalls().getFirst().body()))
                    .isEqualTo(new FakeSfu.Lookup("room", "alice"));
        }
        try (var sfu = new FakeSfu()) {
            var unreachable = new HttpDelegationCalls(null, null, new RoomServiceClient("ws://127.0.0.1:1",
                    new LiveKitTokens(Fixture.KEY, SecretBytes.copyOf(new byte[] {1})), HttpClient.newHttpClient(),
                    InstantSource.system()));
            assertThat(unreachable.lookUpParticipant("room", "alice")).isEqualTo(LookupOutcome.FAILED);
        }
    }

    @Test
    void delayedEvent_unresolvableServerOrOverriddenUrl() {
        try (var sfu = new FakeSfu(); var homeserver = new FakeHomeserver()) {
            var calls = calls(sfu, Map.of("hs.example", homeserver.clientApiUrl()));

            assertThat(calls.delayedEvent("hs.example", "syd_1", JobAction.DelayedEventCall.RESTART))
                    .isEqualTo(new DelayedEventOutcome.Accepted());
            assertThat(homeserver.delayedEventCalls()).containsExactly("syd_1 restart");
            assertThat(calls.delayedEvent("127.0.0.1:1", "syd_1", JobAction.DelayedEventCall.SEND))
                    .isEqualTo(new DelayedEventOutcome.ClientApiUnresolved());
        }
    }
}
