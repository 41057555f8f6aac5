package dev.myelin.homeserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.protocol.error.MatrixException;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final Endpoint STATE = request -> ApiResponse.empty();

    @Test
    void trailingSlash_matchesAnEmptyLastParameter() {
        var router = new Router().client("PUT", "/rooms/{roomId}/state/{type}/{stateKey}", STATE);

        var match = router.resolve("PUT", PathCodec.segments("/_matrix/client/v3/rooms/%21r%3Ahs/state/m.room.name/"));

        assertThat(match.pathParameters()).containsEntry("roomId", "!r:hs").containsEntry("type", "m.room.name")
                .containsEntry("stateKey", "");
    }

    @Test
    void encodedSlash_staysInsideItsSegment() {
        var router = new Router().client("PUT", "/rooms/{roomId}/state/{type}/{stateKey}", STATE);

        var match = router.resolve("PUT", PathCodec.segments("/_matrix/client/r0/rooms/!r:hs/state/t/a%2Fb"));

        assertThat(match.pathParameters()).containsEntry("stateKey", "a/b");
    }

    @Test
    void head_isServedByTheGetRoute() {
        var router = new Router().add("GET", "/_matrix/client/versions", STATE);

        assertThat(router.resolve("HEAD", PathCodec.segments("/_matrix/client/versions")).endpoint()).isSameAs(STATE);
    }

    @Test
    void unknownPathAndWrongMethod_areUnrecognized404And405() {
        var router = new Router().add("GET", "/a/{x}", STATE);

        assertThatThrownBy(() -> router.resolve("GET", PathCodec.segments("/b/1")))
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> router.resolve("POST", PathCodec.segments("/a/1")))
                .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.status()).isEqualTo(405));
    }

    @Test
    void query_decodesPlusAndPercentAndKeepsRepeats() {
        var query = PathCodec.query("filter=%7B%22a%22%3A1%7D&via=a.org&via=b.org&q=x+y&flag");

        assertThat(query.get("filter")).containsExactly("{\"a\":1}");
        assertThat(query.get("via")).containsExactly("a.org", "b.org");
        assertThat(query.get("q")).containsExactly("x y");
        assertThat(query.get("flag")).containsExactly("");
    }

    @Test
    void percentEncodingThatIsNotUtf8_isInvalidParam() {
        assertThatThrownBy(() -> PathCodec.segments("/a/%ff"))
                .isInstanceOfSatisfying(MatrixException.class,
                        e -> assertThat(e.errcode().value()).isEqualTo("M_INVALID_PARAM"));
    }
}
