package dev.myelin.client.e2ee;

import dev.myelin.client.Session;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A device that outlives the process, in a directory: which homeserver, user and device, the access token, the Olm
 * account with its sessions, and the room keys others shared. Olm and Megolm state is encrypted at rest under a random
 * key kept beside it; files are owner-only where the file system allows. That protects a copied state file, not a
 * readable directory: the access token is in it as it is. Saves replace the file atomically. Thread-safe.
 */
public final class DeviceStore {
    static final String STATE = "device.json";
    static final String KEY = "pickle.key";

    private final Path dir;
    private final URI homeserver;
    private final SecretBytes key;

    /** What was saved for a homeserver. */
    public record Saved(UserId user, DeviceId device, String accessToken, byte[] olm, Optional<JsonObject> roomKeys) {
        public Saved {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(accessToken, "accessToken");
            olm = olm.clone();
            Objects.requireNonNull(roomKeys, "roomKeys");
        }

        @Override
        public byte[] olm() {
            return olm.clone();
        }

        @Override
        public String toString() {
            return "Saved[" + user + " " + device + "]";
        }
    }

    private DeviceStore(Path dir, URI homeserver, SecretBytes key) {
        this.dir = dir;
        this.homeserver = homeserver;
        this.key = key;
    }

    /** Opens (creating if needed) the store in {@code dir} for devices of {@code homeserver}. */
    public static DeviceStore open(Path dir, URI homeserver) {
        try {
            Files.createDirectories(dir);
            Path keyFile = dir.resolve(KEY);
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    writeOwnerOnly(keyFile, fresh);
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first: use theirs
                } finally {
                    Arrays.fill(fresh, (byte) 0);
                }
            }
            byte[] bytes = Files.readAllBytes(keyFile);
            if (bytes.length != 32) {
                throw new IllegalStateException(keyFile + " is not a 32-byte key");
            }
            return new DeviceStore(dir, Objects.requireNonNull(homeserver, "homeserver"), SecretBytes.copyOf(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The device saved for this store's homeserver, if any (a state file for another homeserver does not count). */
    public Optional<Saved> load() {
        Path file = dir.resolve(STATE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonObject json = Json.parseObject(Files.readAllBytes(file));
            if (!json.string("homeserver").equals(homeserver.toString())) {
                return Optional.empty();
            }
            return Optional.of(new Saved(UserId.parse(json.string("user_id")), DeviceId.of(json.string("device_id")),
                    json.string("access_token"), Base64.getDecoder().decode(json.string("olm")),
                    json.optionalObject("room_keys")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The saved device's Olm state for {@code session} (the saved user and device). */
    public E2eeDevice restoreDevice(Session session, Saved saved, RandomGenerator random) {
        return E2eeDevice.restore(session, saved.olm(), key, random);
    }

    /** Gives {@code room} the room keys saved with the device. */
    public void restoreRoomKeys(RoomEncryption room, Saved saved) {
        saved.roomKeys().ifPresent(keys -> room.restoreRoomKeys(keys, key));
    }

    /** Saves the device, its Olm state and, if given, the room keys others shared in that room. */
    public synchronized void save(Session session, E2eeDevice device, Optional<RoomEncryption> room) {
        var json = JsonObject.builder()
                .put("homeserver", homeserver.toString())
                .put("user_id", session.user().toString())
                .put("device_id", session.device().value())
                .put("access_token", session.accessToken())
                .put("olm", Base64.getEncoder().encodeToString(device.pickle(key)));
        room.ifPresent(r -> json.put("room_keys", r.saveRoomKeys(key)));
        try {
            Path temporary = dir.resolve(STATE + ".tmp");
            Files.deleteIfExists(temporary);
            writeOwnerOnly(temporary, Json.writeBytes(json.build()));
            try {
                Files.move(temporary, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.write(file, bytes);
    }
}
