package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.internal.Primitives;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Derives each sender's 16-byte LiveKit media key from an epoch secret:
 * {@code HKDF-SHA-256(salt = "dev.myelin.call.epoch_key.v1", ikm = secret, info, 16)} with
 * {@code info = lp(room id) || lp(slot id) || u64(counter) || lp(distributor) || lp(sender identity)}, where
 * {@code lp} is a 4-byte big-endian length followed by the UTF-8 bytes. Binding the call, the epoch and the sender
 * means no two senders, calls or epochs share a key, so LiveKit's per-participant key ring and frame format (which
 * applies its own HKDF to the raw key) stay as they are. The key takes the epoch's ring index.
 */
public final class EpochKeyDerivation {
    static final byte[] SALT = "dev.myelin.call.epoch_key.v1".getBytes(StandardCharsets.UTF_8);
    public static final int MEDIA_KEY_LENGTH = 16;

    private final byte[] callBinding;

    /** For the call in {@code roomId}, slot {@code slotId}. */
    public EpochKeyDerivation(String roomId, String slotId) {
        var out = new ByteArrayOutputStream();
        lengthPrefixed(out, Objects.requireNonNull(roomId, "roomId"));
        lengthPrefixed(out, Objects.requireNonNull(slotId, "slotId"));
        this.callBinding = out.toByteArray();
    }

    /** The media key {@code sender} encrypts with during {@code epoch}. */
    public MediaKey mediaKey(CallEpoch epoch, ParticipantId sender) {
        var info = new ByteArrayOutputStream();
        info.writeBytes(callBinding);
        long counter = epoch.id().counter();
        for (int shift = 56; shift >= 0; shift -= 8) {
            info.write((int) (counter >>> shift));
        }
        lengthPrefixed(info, epoch.id().distributor().value());
        lengthPrefixed(info, sender.value());
        byte[] ikm = epoch.secret().exposeCopy();
        byte[] key = Primitives.hkdfSha256(SALT, ikm, info.toByteArray(), MEDIA_KEY_LENGTH);
        Arrays.fill(ikm, (byte) 0);
        MediaKey derived = new MediaKey(epoch.id().ringIndex(), SecretBytes.copyOf(key));
        Arrays.fill(key, (byte) 0);
        return derived;
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int length = bytes.length;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(bytes);
    }
}
