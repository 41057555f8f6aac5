package dev.myelin.homeserver.storage;

/** User-interactive authentication sessions (the 401 flow of {@code /register}). */
public interface UiaSessionRepository {
    void create(String sessionId, long createdTs);

    /** Removes the session; false if it did not exist (unknown, or already used). */
    boolean consume(String sessionId);
}
