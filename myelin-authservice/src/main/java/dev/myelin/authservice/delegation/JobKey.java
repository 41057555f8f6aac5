package dev.myelin.authservice.delegation;

import java.util.Objects;

/** One delegation per LiveKit room and participant identity: a newer one replaces the older. */
public record JobKey(String room, String identity) {
    public JobKey {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(identity, "identity");
    }
}
