package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.protocol.id.UserId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamNotifierTest {
    private static final UserId ALICE = UserId.parse("@alice:hs");
    private static final UserId BOB = UserId.parse("@bob:hs");

    private static Thread park(StreamNotifier notifier, UserId user) {
        long seen = notifier.version(user);
        return Thread.ofVirtual().start(() -> {
            try {
                notifier.awaitChange(user, seen, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void awaitParked(StreamNotifier notifier, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (notifier.waiting() != count) {
            assertThat(System.nanoTime()).as("parked waiters").isLessThan(deadline);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void pokeNamingTheUser_wakesOnlyTheirParkedSync_andAGlobalPokeWakesTheRest() throws Exception {
        var notifier = new StreamNotifier();
        Thread alice = park(notifier, ALICE);
        Thread bob = park(notifier, BOB);
        awaitParked(notifier, 2);

        notifier.poke(List.of(ALICE));

        assertThat(alice.join(Duration.ofSeconds(5))).isTrue();
        awaitParked(notifier, 1);
        assertThat(bob.isAlive()).isTrue();
        notifier.poke();
        assertThat(bob.join(Duration.ofSeconds(5))).isTrue();
        assertThat(notifier.waiting()).isZero();
    }

    @Test
    void versions_moveForTargetedPokesOfTheUserAndForGlobalOnes() {
        var notifier = new StreamNotifier();
        long alice = notifier.version(ALICE);
        long bob = notifier.version(BOB);

        notifier.poke(List.of(ALICE));
        long aliceAfterTargeted = notifier.version(ALICE);
        long bobAfterTargeted = notifier.version(BOB);
        notifier.poke();

        assertThat(aliceAfterTargeted).isNotEqualTo(alice);
        assertThat(bobAfterTargeted).isEqualTo(bob);
        assertThat(notifier.version(BOB)).isNotEqualTo(bob);
    }

    @Test
    void pokeBetweenReadingTheVersionAndParking_isNotMissed() throws Exception {
        var notifier = new StreamNotifier();
        long seen = notifier.version(ALICE);
        notifier.poke(List.of(ALICE));

        long start = System.nanoTime();
        notifier.awaitChange(ALICE, seen, Duration.ofSeconds(30));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
