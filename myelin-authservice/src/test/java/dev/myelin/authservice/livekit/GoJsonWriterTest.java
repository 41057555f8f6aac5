package dev.myelin.authservice.livekit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

class GoJsonWriterTest {
    @Test
    void object_escapesLikeGoEncodingJson() {
        var members = new LinkedHashMap<String, Object>();
        members.put("url", "wss://sfu.example.com/?a=1&b=<2>");
        members.put("n", 5L);
        members.put("t", true);
        members.put("s", "line\u2028\"q\"\\\u0001");

        assertThat(GoJsonWriter.object(members)).isEqualTo("{\"url\":\"wss://sfu.example.com/?a=1\\u0026b=\\u003c2\\u003e\","
                + "\"n\":5,\"t\":true,\"s\":\"line\\u2028\\\"q\\\"\\\\\\u0001\"}");
    }
}
