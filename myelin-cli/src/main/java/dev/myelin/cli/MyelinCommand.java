package dev.myelin.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "myelin",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = MyelinCommand.Version.class,
        description = "MatrixRTC for the JVM: homeserver, LiveKit authorization service, client SDK and tools.",
        subcommands = {UpCommand.class, RegisterUserCommand.class, AuthServiceCommand.class, JoinCommand.class,
            BenchCommand.class,
            TestCommand.class},
        footer = {"", "Run './myelin <command> --help' for a command's options."})
final class MyelinCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command.");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            var properties = new Properties();
            try (InputStream in = MyelinCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"myelin " + properties.getProperty("version", "unknown")
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
