package dev.myelin.homeserver.storage;

/** The storage layer's one exception: the database failed (not a client error; maps to 500). */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
