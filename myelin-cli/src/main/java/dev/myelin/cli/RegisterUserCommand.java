package dev.myelin.cli;

import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.OfflineAccounts;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.ServerName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./myelin register-user}: creates an account in the data directory, for servers whose registration is closed.
 * The password comes from a file or the first line of standard input, never the command line (where {@code ps}
 * would show it).
 */
@Command(name = "register-user", description = "Create an account offline (the password is read from stdin or --password-file).")
final class RegisterUserCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "USERNAME", description = "Localpart or full user id.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from FILE (first line).")
    Path passwordFile;

    @Option(names = "--server-name", paramLabel = "NAME", description = "Server name (default localhost).")
    String serverName;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ./myelin-data).")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "The JSON config file ./myelin up uses.")
    Path config;

    @Override
    public Integer call() {
        try {
            UpSettings settings = UpSettings.resolve(Optional.of("127.0.0.1:0"), Optional.ofNullable(serverName),
                    Optional.ofNullable(data), Optional.empty(), Optional.ofNullable(config));
            String password = readPassword();
            var builder = HomeserverConfig.builder(ServerName.of(settings.serverName()), settings.data());
            settings.database().ifPresent(builder::database);
            var homeserverConfig = builder.build();
            var userId = OfflineAccounts.registerUser(homeserverConfig, username, password);
            System.out.println("registered " + userId);
            return 0;
        } catch (UpSettings.UsageError | InvalidIdentifierException e) {
            System.err.println("myelin register-user: " + e.getMessage());
            return UpCommand.USAGE;
        } catch (MatrixException e) {
            System.err.println("myelin register-user: " + e.getMessage());
            return 1;
        }
    }

    private String readPassword() {
        try {
            String line = passwordFile != null
                    ? Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("")
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new UpSettings.UsageError("no password given (first line of stdin or --password-file)");
            }
            return line;
        } catch (IOException e) {
            throw new UpSettings.UsageError("cannot read the password: " + e.getMessage());
        }
    }
}
