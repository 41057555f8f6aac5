package dev.myelin.crypto.frame;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One participant's keys (livekit-client's {@code ParticipantKeyHandler}): a ring of {@code keyringSize} slots, the
 * current key index a sender encrypts with, and per-index decryption failure counts. Shared by all encryptors or
 * decryptors of that participant's tracks; thread-safe.
 *
 * <p>Indices: {@link #setKey} stores at {@code index % keyringSize}; a receiver looks a frame's key index up
 * <em>without</em> modulo, so an index at or beyond the ring size is a missing key (as in livekit-client).
 */
public final class LiveKitKeyRing {
    private final LiveKitKeyOptions options;
    private final LiveKitKeySet[] slots;
    private final int[] failureCounts;
    private int currentKeyIndex;
    private RatchetListener ratchetListener = (index, material) -> { };

    /** Told when a receiver recovered a frame by ratcheting and stored the ratcheted key (LiveKit's KeyRatcheted). */
    @FunctionalInterface
    public interface RatchetListener {
        void keyRatcheted(int keyIndex, LiveKitKeyMaterial newMaterial);
    }

    private LiveKitKeyRing(LiveKitKeyOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.slots = new LiveKitKeySet[options.keyringSize()];
        this.failureCounts = new int[options.keyringSize()];
    }

    public static LiveKitKeyRing create(LiveKitKeyOptions options) {
        return new LiveKitKeyRing(options);
    }

    public LiveKitKeyOptions options() {
        return options;
    }

    public synchronized void onRatchet(RatchetListener listener) {
        this.ratchetListener = Objects.requireNonNull(listener, "listener");
    }

    /** Derives and stores the key for {@code keyIndex}, makes it current and clears its failure count. */
    public void setKey(int keyIndex, LiveKitKeyMaterial material) {
        setKey(keyIndex, material, true);
    }

    /** As {@link #setKey(int, LiveKitKeyMaterial)}; with {@code makeCurrent} false neither index nor count change. */
    public void setKey(int keyIndex, LiveKitKeyMaterial material, boolean makeCurrent) {
        if (keyIndex < 0) {
            throw new IllegalArgumentException("Invalid key index " + keyIndex + "; must not be negative");
        }
        LiveKitKeySet keySet = LiveKitKeySet.derive(material, options); // slow part outside the lock
        synchronized (this) {
            int slot = keyIndex % slots.length;
            slots[slot] = keySet;
            if (makeCurrent) {
                currentKeyIndex = slot;
                failureCounts[slot] = 0;
            }
        }
    }

    /** Makes {@code keyIndex % keyringSize} the index a sender encrypts with, and clears its failure count. */
    public synchronized void setCurrentKeyIndex(int keyIndex) {
        currentKeyIndex = Math.floorMod(keyIndex, slots.length);
        failureCounts[currentKeyIndex] = 0;
    }

    public synchronized int currentKeyIndex() {
        return currentKeyIndex;
    }

    /**
     * Ratchets the key at {@code keyIndex} (a sender's manual {@code ratchetKey}), stores the result and makes that
     * index current, as livekit-client does; returns the new material, or empty when the slot is empty.
     */
    public Optional<LiveKitKeyMaterial> ratchetKey(int keyIndex) {
        LiveKitKeySet current = keySet(keyIndex);
        if (current == null) {
            return Optional.empty();
        }
        LiveKitKeySet next = current.ratcheted(options);
        synchronized (this) {
            slots[keyIndex] = next;
            currentKeyIndex = keyIndex;
        }
        return Optional.of(next.material);
    }

    public boolean hasKey(int keyIndex) {
        return keySet(keyIndex) != null;
    }

    /** Whether frames with this key index are dropped unread until a key is set (failures above the tolerance). */
    public synchronized boolean isInvalid(int keyIndex) {
        return options.failureTolerance() >= 0 && keyIndex < failureCounts.length
                && failureCounts[keyIndex] > options.failureTolerance();
    }

    /** Clears every failure count (livekit-client's {@code resetKeyStatus()}). */
    public synchronized void resetKeyStatus() {
        Arrays.fill(failureCounts, 0);
    }

    synchronized LiveKitKeySet keySet(int keyIndex) {
        return keyIndex >= 0 && keyIndex < slots.length ? slots[keyIndex] : null;
    }

    synchronized LiveKitKeySet currentKeySet() {
        return slots[currentKeyIndex];
    }

    synchronized boolean currentKeyValid() {
        return !isInvalid(currentKeyIndex);
    }

    /** Counts a failure; indices beyond the ring are not counted (in livekit-client the count becomes NaN). */
    synchronized void decryptionFailure(int keyIndex) {
        if (options.failureTolerance() >= 0 && keyIndex < failureCounts.length) {
            failureCounts[keyIndex]++;
        }
    }

    synchronized void decryptionSuccess(int keyIndex) {
        failureCounts[keyIndex] = 0;
    }

    /**
     * Stores a key set a receiver reached by ratcheting, unless the slot changed meanwhile (a new key arrived), and
     * makes its index current as livekit-client does.
     */
    void storeRatcheted(int keyIndex, LiveKitKeySet expected, LiveKitKeySet ratcheted) {
        RatchetListener listener;
        synchronized (this) {
            if (slots[keyIndex] != expected) {
                return;
            }
            slots[keyIndex] = ratcheted;
            currentKeyIndex = keyIndex;
            failureCounts[keyIndex] = 0;
            listener = ratchetListener;
        }
        listener.keyRatcheted(keyIndex, ratcheted.material);
    }

    @Override
    public String toString() {
        return "LiveKitKeyRing[" + slots.length + " slots, current " + currentKeyIndex() + "]";
    }
}
