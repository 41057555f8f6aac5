package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Device keys, one-time keys, fallback keys and the device-list change stream. */
public interface KeyRepository {
    /** A claimed key: its full id ({@code signed_curve25519:AAAAHg}) and the key object as uploaded. */
    record ClaimedKey(String keyId, JsonObject key) {
    }

    Optional<JsonObject> deviceKeys(UserId user, DeviceId device);

    /** All devices of the user that uploaded keys. */
    Map<DeviceId, JsonObject> deviceKeys(UserId user);

    void putDeviceKeys(UserId user, DeviceId device, JsonObject keys);

    /** Adds a one-time key; an id the device already uploaded is ignored. */
    void addOneTimeKey(UserId user, DeviceId device, String algorithm, String keyId, JsonObject key);

    /** Unclaimed one-time keys per algorithm. */
    Map<String, Long> oneTimeKeyCounts(UserId user, DeviceId device);

    /** Takes (deletes) one one-time key of the algorithm, if any is left. */
    Optional<ClaimedKey> claimOneTimeKey(UserId user, DeviceId device, String algorithm);

    /** Replaces the device's fallback key for the algorithm; the new one is unused. */
    void putFallbackKey(UserId user, DeviceId device, String algorithm, String keyId, JsonObject key);

    /** Hands out the fallback key and marks it used (it stays, for later claims). */
    Optional<ClaimedKey> claimFallbackKey(UserId user, DeviceId device, String algorithm);

    List<String> unusedFallbackAlgorithms(UserId user, DeviceId device);

    /** Removes every key of a deleted device. */
    void deleteDevice(UserId user, DeviceId device);

    /** Appends to the device-list change stream; returns the new position. */
    long recordDeviceListChange(UserId user);

    /** Users whose device list changed in (after, upTo]. */
    List<UserId> deviceListChanges(long after, long upTo);

    long deviceListPosition();
}
