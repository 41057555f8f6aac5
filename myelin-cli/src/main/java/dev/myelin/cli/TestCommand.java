package dev.myelin.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Listed for --help; the launcher script runs the suite itself, before any jar exists. */
@Command(name = "test", description = "Run the whole test suite (Maven verify plus the Node interop peers).")
final class TestCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("myelin test is run by the ./myelin launcher script: call ./myelin test.");
        return 2;
    }
}
