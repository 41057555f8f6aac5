package dev.myelin.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure cores (myelin-json, myelin-protocol, myelin-crypto) do no I/O, start no threads, read no wall clock. */
class PureModulesTest {

    /** One class from each pure module, to find where the module's classes were loaded from. */
    static Stream<Class<?>> pureModules() {
        return Stream.of(JsonValue.class, UserId.class, SecretBytes.class);
    }

    @ParameterizedTest
    @MethodSource("pureModules")
    void pureModule_referencesNoIoThreadsOrWallClock(Class<?> anchor) throws Exception {
        List<byte[]> classes = classFilesBeside(anchor);
        var violations = new ArrayList<String>();
        classes.forEach(bytes -> violations.addAll(PurityRules.violations(bytes)));

        assertThat(classes).as("classes found for %s", anchor.getModule().getName()).hasSizeGreaterThan(1);
        assertThat(violations).as("forbidden references in %s", anchor.getModule().getName()).isEmpty();
    }

    @Test
    void rules_catchWallClockThreadsSocketsAndFiles() throws IOException {
        List<String> violations = PurityRules.violations(bytesOf(ImpureFixture.class));

        assertThat(violations).anyMatch(v -> v.contains("java.time.Instant.now"))
                .anyMatch(v -> v.contains("java.lang.System.currentTimeMillis"))
                .anyMatch(v -> v.contains("java.lang.Thread"))
                .anyMatch(v -> v.contains("java.net.Socket"))
                .anyMatch(v -> v.contains("java.nio.file.Path"))
                .anyMatch(v -> v.contains("java.util.concurrent.Executor"))
                .anyMatch(v -> v.contains("java.lang.System.out"))
                .anyMatch(v -> v.contains("java.util.ServiceLoader"));
    }

    @Test
    void rules_passACleanClass() throws IOException {
        assertThat(PurityRules.violations(bytesOf(CleanFixture.class))).isEmpty();
    }

    private static byte[] bytesOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static List<byte[]> classFilesBeside(Class<?> anchor) throws IOException, URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        var result = new ArrayList<byte[]>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                    try {
                        result.add(Files.readAllBytes(p));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } else {
            try (var jar = new JarFile(root.toFile())) {
                for (var entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        result.add(in.readAllBytes());
                    }
                }
            }
        }
        return result;
    }

    /** Does everything a pure module must not. */
    @SuppressWarnings("unused")
    static final class ImpureFixture {
        long now() {
            return Instant.now().toEpochMilli() + System.currentTimeMillis();
        }

        void io(java.net.Socket socket, Path path, java.util.concurrent.Executor executor) {
            new Thread(() -> System.out.println(socket + " " + path + " " + executor)).start();
        }

        Object plugIns() {
            return java.util.ServiceLoader.load(Runnable.class);
        }
    }

    /** Does nothing forbidden: computes with an injected clock. */
    @SuppressWarnings("unused")
    static final class CleanFixture {
        long later(java.util.function.LongSupplier clock) {
            return clock.getAsLong() + 1_000;
        }
    }
}
