package dev.myelin.authservice.livekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import org.junit.jupiter.api.Test;

class RoomServiceClientTest {
    @Test
    void createRoomRequest_hasLiveKitFieldNumbers() throws Exception {
        byte[] bytes = RoomServiceClient.createRoomRequest("abc");

        assertThat(bytes).containsExactly(0x0a, 3, 'a', 'b', 'c', 0x10, 0xac, 0x02, 0x50, 0x14);
        var in = CodedInputStream.newInstance(bytes);
        assertThat(in.readTag()).isEqualTo((1 << 3) | 2);
        assertThat(in.readString()).isEqualTo("abc");
        assertThat(in.readTag()).isEqualTo(2 << 3);
        assertThat(in.readUInt32()).isEqualTo(300);
        assertThat(in.readTag()).isEqualTo(10 << 3);
        assertThat(in.readUInt32()).isEqualTo(20);
        assertThat(in.isAtEnd()).isTrue();
    }

    @Test
    void httpBase_replacesLeadingWsOnly() {
        assertThat(RoomServiceClient.httpBase("ws://127.0.0.1:7880")).isEqualTo("http://127.0.0.1:7880");
        assertThat(RoomServiceClient.httpBase("wss://sfu.example.com/")).isEqualTo("https://sfu.example.com");
        assertThat(RoomServiceClient.httpBase("https://sfu.example.com/ws")).isEqualTo("https://sfu.example.com/ws");
    }

    @Test
    void roomParticipantIdentity_hasLiveKitFieldNumbers() {
        assertThat(RoomServiceClient.roomParticipantIdentity("r", "id"))
                .containsExactly(0x0a, 1, 'r', 0x12, 2, 'i', 'd');
    }

    @Test
    void onlyTwirpNotFoundBodies_meanAbsent() {
        assertThat(RoomServiceClient.isTwirpNotFound("{\"code\":\"not_found\",\"msg\":\"x\"}".getBytes())).isTrue();
        assertThat(RoomServiceClient.isTwirpNotFound("{\"code\":\"internal\"}".getBytes())).isFalse();
        assertThat(RoomServiceClient.isTwirpNotFound("404 page not found".getBytes())).isFalse();
    }
}
