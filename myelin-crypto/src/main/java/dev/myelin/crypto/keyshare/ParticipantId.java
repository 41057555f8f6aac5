package dev.myelin.crypto.keyshare;

import java.util.Objects;

/**
 * A call participant as key sharing sees it: one device's membership (its LiveKit identity, or any stable string
 * that names user, device and member id together).
 */
public record ParticipantId(String value) implements Comparable<ParticipantId> {
    public ParticipantId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("participant id must not be empty");
        }
    }

    @Override
    public int compareTo(ParticipantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
