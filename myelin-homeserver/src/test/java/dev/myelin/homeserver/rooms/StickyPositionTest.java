package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.homeserver.rooms.StickyPosition.CatchUp;
import java.util.List;
import org.junit.jupiter.api.Test;

class StickyPositionTest {
    @Test
    void bareNumber_isTheOlderTokensCursorWithNothingElse() {
        StickyPosition parsed = StickyPosition.parse("42");

        assertThat(parsed).isEqualTo(StickyPosition.at(42));
        assertThat(parsed.toString()).isEqualTo("42");
    }

    @Test
    void catchUpsAndDeliveredPositions_roundTripThroughTheText() {
        var position = new StickyPosition(500, List.of(new CatchUp(120, 400, 450), new CatchUp(90, 450, 480)),
                List.of(501L, 503L, 640L));

        String text = position.toString();

        assertThat(text).isEqualTo("500.j120-400-450.j90-450-480.t501-2-137");
        assertThat(StickyPosition.parse(text)).isEqualTo(position);
    }

    @Test
    void roomCursor_isItsCatchUpsWhenItsJoinFallsInOne_elseTheGlobalOne() {
        var position = new StickyPosition(500, List.of(new CatchUp(120, 400, 450)), List.of());

        assertThat(position.cursorFor(401)).isEqualTo(120);
        assertThat(position.cursorFor(450)).isEqualTo(120);
        assertThat(position.cursorFor(400)).isEqualTo(500);
        assertThat(position.cursorFor(451)).isEqualTo(500);
        assertThat(position.floor()).isEqualTo(120);
    }

    @Test
    void textsThisServerNeverWrites_areRejected() {
        for (String text : List.of("", "x", "1.", "1.j1-2", "1.j3-2-1", "1.t5.t6", "1.t2-0", "1.t0", "1.t-1",
                "1.t2.j1-2-3", "99999999999999999999", "1.j" + "1-2-3.j".repeat(8) + "1-2-3")) {
            assertThatThrownBy(() -> StickyPosition.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
