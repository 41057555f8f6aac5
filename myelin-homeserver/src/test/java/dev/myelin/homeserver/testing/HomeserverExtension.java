package dev.myelin.homeserver.testing;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.protocol.id.ServerName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real homeserver per test class, on an ephemeral loopback port with a fresh SQLite data directory, and
 * hands tests a {@link TestClient} (constructor or method parameter). Everything is removed after the class.
 * Password hashing is cheap and login/registration rate limits are relaxed here (tests register many users from one
 * address; {@code AuthRateLimitTest} covers the limits); nothing else differs from {@code ./myelin up}.
 */
public final class HomeserverExtension implements BeforeAllCallback, ParameterResolver {
    public static final ServerName SERVER_NAME = ServerName.of("test.myelin");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            HomeserverExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    /** The class's server, started on first use (a per-class test instance is built before beforeAll runs). */
    private static Running running(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).computeIfAbsent(Running.class, key -> start(), Running.class);
    }

    private static Running start() {
        try {
            Path data = Files.createTempDirectory("myelin-hs-test");
            var config = HomeserverConfig.builder(SERVER_NAME, data)
                    .listen(new InetSocketAddress("127.0.0.1", 0))
                    .passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED)
                    .build();
            return new Running(Homeserver.start(config), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestClient.class || type == Homeserver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = running(context);
        return parameter.getParameter().getType() == Homeserver.class
                ? running.homeserver()
                : new TestClient(running.homeserver().baseUri());
    }

    /** Closed by JUnit when the class's store is closed. */
    record Running(Homeserver homeserver, Path data) implements AutoCloseable {
        @Override
        public void close() {
            homeserver.close();
            deleteRecursively(data);
        }
    }

    static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
