package dev.myelin.crypto.keyshare;

import java.util.Objects;
import java.util.Set;

/** What {@link EpochKeyPolicy} asks its driver to do. */
public sealed interface EpochKeyAction {

    /**
     * Send {@code epoch} to each recipient as a {@link EpochKeyContent} with {@code use_in_ms = useInMs} (one Olm
     * to-device message each); report failed recipients with {@code sendId}.
     */
    record SendEpoch(long sendId, CallEpoch epoch, long useInMs, Set<ParticipantId> recipients)
            implements EpochKeyAction {
        public SendEpoch {
            Objects.requireNonNull(epoch, "epoch");
            if (useInMs < 0) {
                throw new IllegalArgumentException("useInMs must not be negative");
            }
            recipients = Set.copyOf(recipients);
        }
    }

    /**
     * Send own media key {@code key} to members that cannot derive it (no epoch-key capability), as
     * {@code io.element.call.encryption_keys}, one Olm to-device message each.
     */
    record SendMediaKey(long sendId, MediaKey key, Set<ParticipantId> recipients) implements EpochKeyAction {
        public SendMediaKey {
            Objects.requireNonNull(key, "key");
            recipients = Set.copyOf(recipients);
        }
    }

    /**
     * Derive every capable sender's key of {@code epoch} (and of senders that appear while it is installed) with
     * {@link EpochKeyDerivation} and install it in the frame decryptor at the epoch's ring index.
     */
    record InstallEpoch(CallEpoch epoch) implements EpochKeyAction {
        public InstallEpoch {
            Objects.requireNonNull(epoch, "epoch");
        }
    }

    /** Forget the keys of {@code epoch}: nobody is expected to send with it any more. */
    record RetireEpoch(EpochId epoch) implements EpochKeyAction {
        public RetireEpoch {
            Objects.requireNonNull(epoch, "epoch");
        }
    }

    /** Start encrypting own media with {@code key}, derived from {@code epoch}. */
    record UseKey(EpochId epoch, MediaKey key) implements EpochKeyAction {
        public UseKey {
            Objects.requireNonNull(epoch, "epoch");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Call {@code onTimer} at {@code at}. */
    record WakeAt(long at) implements EpochKeyAction {
    }
}
