package dev.myelin.cli;

import dev.myelin.bench.AuthBenchReport;
import dev.myelin.bench.DelayedBenchReport;
import dev.myelin.bench.FrameBenchReport;
import dev.myelin.bench.KeyShareBenchReport;
import dev.myelin.bench.OlmBenchReport;
import dev.myelin.bench.RoomSyncBenchReport;
import dev.myelin.bench.SyncBenchReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./myelin bench <suite>}: benchmarks that print their figures. */
@Command(name = "bench", description = "Run a benchmark and print its figures.",
        subcommands = {BenchCommand.Frames.class, BenchCommand.Keys.class, BenchCommand.Olm.class,
                BenchCommand.Auth.class, BenchCommand.Sync.class, BenchCommand.Room.class,
                BenchCommand.Delayed.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing suite: frames, keys, olm, auth, sync or delayed.");
    }

    @Command(name = "frames", description = "Media-frame encryption (LiveKit, SFrame) with JMH, beside openssl speed.")
    static final class Frames implements Callable<Integer> {
        @Option(names = "--quick", description = "Shorter warm-up and measurement (noisier figures).")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            return FrameBenchReport.run(System.out, quick);
        }
    }

    @Command(name = "keys", description = "Key-sharing policies (js-sdk 43 and Myelin) in a simulated call.")
    static final class Keys implements Callable<Integer> {
        @Option(names = "--members", split = ",", defaultValue = "10,50,100,200",
                description = "Call sizes to simulate (default: ${DEFAULT-VALUE}).")
        List<Integer> members;

        @Option(names = "--churn", defaultValue = "20", description = "Single joins/leaves after the ramp-up.")
        int churn;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation.")
        long seed;

        @Override
        public Integer call() {
            if (members.stream().anyMatch(size -> size < 2 || size > 2_000)) {
                System.err.println("myelin bench keys: call sizes must be 2 to 2000");
                return 2;
            }
            return KeyShareBenchReport.run(System.out, members, churn, seed);
        }
    }

    @Command(name = "olm", description = "Olm and Megolm per message and Olm session set-up with JMH, beside libolm "
            + "(python3-olm).")
    static final class Olm implements Callable<Integer> {
        @Option(names = "--quick", description = "Shorter warm-up and measurement (noisier figures).")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            return OlmBenchReport.run(System.out, quick ? OlmBenchReport.Settings.quick()
                    : OlmBenchReport.Settings.full());
        }
    }

    @Command(name = "auth", description = "POST /get_token on loopback with cached OpenID validation: requests per "
            + "second and latency percentiles for several client counts.")
    static final class Auth implements Callable<Integer> {
        @Option(names = "--clients", split = ",", defaultValue = "1,4,16,64",
                description = "Concurrent clients, one run each (default: ${DEFAULT-VALUE}).")
        List<Integer> clients;

        @Option(names = "--seconds", defaultValue = "10", description = "Duration of each run (default: "
                + "${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--quick", description = "Warm up 1 s and run 2 s per client count.")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            if (clients.stream().anyMatch(n -> n < 1 || n > 1_000) || seconds < 1 || seconds > 300) {
                System.err.println("myelin bench auth: clients must be 1 to 1000, seconds 1 to 300");
                return 2;
            }
            Duration run = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(seconds);
            Duration warmUp = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
            return AuthBenchReport.run(System.out, clients, warmUp, run);
        }
    }

    @Command(name = "sync", description = "Parked /sync long-polls on an in-process homeserver (loopback, SQLite): "
            + "heap with every user parked, wake-up latency and to-device fan-out when each gets a message.")
    static final class Sync implements Callable<Integer> {
        @Option(names = "--users", defaultValue = "5000", description = "Users, one parked /sync each (default: "
                + "${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--quick", description = "500 users.")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            int count = quick ? Math.min(users, 500) : users;
            if (count < 1 || count > SyncBenchReport.MAX_USERS) {
                System.err.println("myelin bench sync: users must be 1 to " + SyncBenchReport.MAX_USERS);
                return 2;
            }
            return SyncBenchReport.run(System.out, count);
        }
    }

    @Command(name = "room", description = "A call room's fan-out on an in-process homeserver (loopback, SQLite): "
            + "N members with parked /sync long-polls, one event sent, how soon each poll carries it.")
    static final class Room implements Callable<Integer> {
        @Option(names = "--members", defaultValue = "1000", description = "Members of the room, one parked /sync "
                + "each (default: ${DEFAULT-VALUE}).")
        int members;

        @Option(names = "--quick", description = "200 members.")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            int count = quick ? Math.min(members, 200) : members;
            if (count < 2 || count > RoomSyncBenchReport.MAX_MEMBERS) {
                System.err.println("myelin bench room: members must be 2 to " + RoomSyncBenchReport.MAX_MEMBERS);
                return 2;
            }
            return RoomSyncBenchReport.run(System.out, count);
        }
    }

    @Command(name = "delayed", description = "Delayed events (MSC4140) on an in-process homeserver (loopback, SQLite "
            + "or PostgreSQL): fire lateness with many scheduled and a steady stream of restarts.")
    static final class Delayed implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "10000", description = "Delayed events scheduled; a fifth fire "
                + "during the window (default: ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--restarts", defaultValue = "1000", description = "Restarts per second of the others "
                + "(default: ${DEFAULT-VALUE}).")
        int restarts;

        @Option(names = "--seconds", defaultValue = "20", description = "Measured window (default: "
                + "${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--postgres", description = "postgresql://USER:PASS@HOST:PORT/DB instead of SQLite (an "
                + "empty database).")
        java.net.URI postgres;

        @Option(names = "--quick", description = "2000 events, 200 restarts/s, 5 s.")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            if (quick) {
                return DelayedBenchReport.run(System.out, Math.min(events, 2_000), Math.min(restarts, 200),
                        Duration.ofSeconds(5), java.util.Optional.ofNullable(postgres));
            }
            if (events < 10 || restarts < 0 || seconds < 1) {
                System.err.println("myelin bench delayed: need --events >= 10, --restarts >= 0, --seconds >= 1");
                return 2;
            }
            return DelayedBenchReport.run(System.out, events, restarts, Duration.ofSeconds(seconds),
                    java.util.Optional.ofNullable(postgres));
        }
    }
}
