package dev.myelin.authservice.openid;

import dev.myelin.authservice.OpenIdToken;
import dev.myelin.authservice.OpenIdValidator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which user a token was validated for until the token's claimed expiry, bounded in time and count.
 * Tokens are keyed by a SHA-256 of server name and token, so the cache holds no usable secrets. Failures pass
 * through uncached: a token that failed once is asked about again.
 */
public final class CachingOpenIdValidator implements OpenIdValidator {
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Synapse issues hour-long OpenID tokens; a longer claim is not believed. */
    static final Duration MAX_TTL = Duration.ofHours(1);
    /** Without a claimed lifetime a validation is trusted for a minute. */
    static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

    private record Validation(String userId, Instant expiresAt) {
    }

    private final OpenIdValidator delegate;
    private final InstantSource clock;
    private final Map<String, Validation> entries;
    private final ConcurrentHashMap<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();

    public CachingOpenIdValidator(OpenIdValidator delegate, InstantSource clock, int maxEntries) {
        this.delegate = delegate;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Validation> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public String userIdFor(OpenIdToken token) {
        String key = keyOf(token);
        Instant now = clock.instant();
        synchronized (entries) {
            Validation entry = entries.get(key);
            if (entry != null) {
                if (now.isBefore(entry.expiresAt())) {
                    return entry.userId();
                }
                entries.remove(key);
            }
        }
        // Concurrent first requests with one token share a single lookup instead of each asking the homeserver.
        var lookup = new CompletableFuture<String>();
        CompletableFuture<String> running = inFlight.putIfAbsent(key, lookup);
        if (running != null) {
            return awaitShared(running);
        }
        try {
            String userId = delegate.userIdFor(token);
            Duration ttl = token.expiresIn() > 0
                    ? Duration.ofSeconds(Math.min(token.expiresIn(), MAX_TTL.toSeconds()))
                    : DEFAULT_TTL;
            synchronized (entries) {
                entries.put(key, new Validation(userId, now.plus(ttl)));
            }
            lookup.complete(userId);
            return userId;
        } catch (RuntimeException e) {
            lookup.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, lookup);
        }
    }

    private static String awaitShared(CompletableFuture<String> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static String keyOf(OpenIdToken token) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(token.matrixServerName().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(token.accessToken().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
