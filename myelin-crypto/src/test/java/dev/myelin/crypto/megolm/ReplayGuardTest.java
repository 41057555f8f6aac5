package dev.myelin.crypto.megolm;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    @Test
    void sameIndexUnderAnotherEvent_isRejected_butSameEventAgainIsFine() {
        var guard = new ReplayGuard(10);
        guard.check("s", 3, "$a");
        assertThatCode(() -> guard.check("s", 3, "$a")).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("t", 3, "$b")).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check("s", 3, "$b")).isInstanceOf(MegolmException.class);
    }

    @Test
    void beyondCapacity_oldestEntriesAreForgotten() {
        var guard = new ReplayGuard(2);
        guard.check("s", 1, "$a");
        guard.check("s", 2, "$b");
        guard.check("s", 3, "$c");
        assertThatCode(() -> guard.check("s", 1, "$other")).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check("s", 3, "$other")).isInstanceOf(MegolmException.class);
    }
}
