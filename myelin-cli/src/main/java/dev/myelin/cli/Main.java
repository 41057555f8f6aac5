package dev.myelin.cli;

import picocli.CommandLine;

/** Entry point: {@code ./myelin <command>}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; tests call this instead of {@link #main}. */
    static int run(String... args) {
        return new CommandLine(new MyelinCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
