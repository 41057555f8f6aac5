package dev.myelin.client.e2ee;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.client.MatrixClient;
import dev.myelin.client.Session;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.protocol.id.ServerName;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceStoreTest {
    @TempDir
    Path data;

    @Test
    void savedDevice_loadsBackWithItsTokenAndOlmIdentity_onlyForItsHomeserver_inOwnerOnlyFiles() throws Exception {
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of("store.test"),
                data.resolve("hs")).listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000)
                .authRateLimits(AuthRateLimits.RELAXED).build())) {
            Session session = MatrixClient.connect(homeserver.baseUri()).register("alice", "pw");
            var device = E2eeDevice.create(session, new SecureRandom());
            Path dir = data.resolve("state");
            DeviceStore.open(dir, homeserver.baseUri()).save(session, device, Optional.empty());

            var store = DeviceStore.open(dir, homeserver.baseUri());
            DeviceStore.Saved saved = store.load().orElseThrow();
            E2eeDevice restored = store.restoreDevice(MatrixClient.connect(homeserver.baseUri())
                    .resume(saved.user(), saved.device(), saved.accessToken()), saved, new SecureRandom());

            assertThat(saved.user()).isEqualTo(session.user());
            assertThat(saved.device()).isEqualTo(session.device());
            assertThat(saved.accessToken()).isEqualTo(session.accessToken());
            assertThat(saved.roomKeys()).isEmpty();
            assertThat(restored.identity()).isEqualTo(device.identity());
            assertThat(saved.toString()).doesNotContain(session.accessToken());
            assertThat(DeviceStore.open(dir, URI.create("http://elsewhere.test")).load()).isEmpty();
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> ownerOnly = Set.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE);
                assertThat(Files.getPosixFilePermissions(dir.resolve(DeviceStore.KEY))).isEqualTo(ownerOnly);
                assertThat(Files.getPosixFilePermissions(dir.resolve(DeviceStore.STATE))).isEqualTo(ownerOnly);
            }
        }
    }
}
