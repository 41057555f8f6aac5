package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.DelayedEventLimits;
import dev.myelin.homeserver.RateLimit;
import dev.myelin.homeserver.events.RoomVersion;
import dev.myelin.homeserver.events.ServerSigningKey;
import dev.myelin.homeserver.http.RateLimiter;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.homeserver.storage.jdbc.SqliteStorage;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.id.UserId;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduling decision and the send pass, on a virtual clock: no threads, no waiting. */
class DelayTimerTest {
    private static final UserId ALICE = UserId.parse("@alice:virtual.test");
    private static final DeviceId PHONE = DeviceId.of("PHONE");

    /** A clock the test moves by hand. */
    static final class VirtualClock implements InstantSource {
        private long millis;

        VirtualClock(long millis) {
            this.millis = millis;
        }

        void set(long millis) {
            this.millis = millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @TempDir
    Path dir;

    @Test
    void decide_idleWithNothingWaitsExactlyUntilTheEarliestAndFiresWhenDue() {
        var clock = new VirtualClock(10_000);
        var timer = new DelayTimer(clock);

        var idle = timer.decide(OptionalLong.empty());
        var wait = timer.decide(OptionalLong.of(10_250));
        clock.set(10_250);
        var due = timer.decide(OptionalLong.of(10_250));
        clock.set(20_000);
        var overdue = timer.decide(OptionalLong.of(10_250));

        assertThat(idle).isEqualTo(new DelayTimer.Idle());
        assertThat(wait).isEqualTo(new DelayTimer.Wait(250));
        assertThat(due).isEqualTo(new DelayTimer.FireNow());
        assertThat(overdue).isEqualTo(new DelayTimer.FireNow());
    }

    @Test
    void tick_sendsNothingEarlySendsDueEventsInScheduledOrderWithTheirScheduledTimestamps() {
        var clock = new VirtualClock(1_000_000);
        try (Storage storage = SqliteStorage.open(dir.resolve("hs.db"), 2, clock.millis())) {
            var rooms = new RoomService(ServerName.of("virtual.test"), storage,
                    ServerSigningKey.loadOrCreate(dir, new SecureRandom()), new StreamNotifier(), clock,
                    new RateLimiter(new RateLimit(1000, 1000), clock));
            var delayed = new DelayedEvents(rooms, storage, clock, DelayedEventLimits.DEFAULT, new SecureRandom());
            RoomId roomId = RoomId.parse("!room:virtual.test");
            var plan = RoomCreation.plan(ALICE, JsonObject.EMPTY, RoomVersion.DEFAULT, rooms.joinContent(ALICE));
            rooms.createRoom(roomId, plan.version(), ALICE, plan.drafts());
            String later = schedule(delayed, roomId, "later", 900);
            String sooner = schedule(delayed, roomId, "sooner", 500);

            var beforeDue = delayed.tick();
            clock.set(1_000_499);
            var justBefore = delayed.tick();
            clock.set(1_005_000);
            var afterBoth = delayed.tick();
            List<StoredEvent> sent = storage.read(r -> r.events().recent(roomId, 0, 100)).stream()
                    .filter(e -> e.type().equals("com.example.delayed")).toList();

            assertThat(beforeDue).isEqualTo(new DelayTimer.Wait(500));
            assertThat(justBefore).isEqualTo(new DelayTimer.Wait(1));
            assertThat(afterBoth).isEqualTo(new DelayTimer.Idle());
            assertThat(sent).extracting(e -> e.content().string("name")).containsExactly("sooner", "later");
            assertThat(sent).extracting(StoredEvent::originServerTs).containsExactly(1_000_500L, 1_000_900L);
            assertThat(delayed.lookup(sooner, ALICE).orElseThrow().finalisedTs()).contains(1_005_000L);
            assertThat(delayed.lookup(later, ALICE).orElseThrow().eventId())
                    .contains(sent.get(1).eventId());
        }
    }

    private static String schedule(DelayedEvents delayed, RoomId roomId, String name, long delayMs) {
        return delayed.schedule(ALICE, PHONE, Optional.empty(), roomId, "com.example.delayed", Optional.empty(),
                delayMs, Optional.empty(), () -> JsonObject.builder().put("name", name).build());
    }
}
