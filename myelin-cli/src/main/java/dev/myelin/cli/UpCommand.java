package dev.myelin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "up", description = "Run the server stack (homeserver and LiveKit authorization service); data in myelin-data.")
final class UpCommand implements Callable<Integer> {
    static final int NOT_BUILT = 2;

    @Override
    public Integer call() {
        System.err.println("myelin up: the homeserver is not built yet (see the open Homeserver issue).");
        return NOT_BUILT;
    }
}
