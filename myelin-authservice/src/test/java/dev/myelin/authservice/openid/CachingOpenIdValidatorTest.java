package dev.myelin.authservice.openid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.authservice.OpenIdRejectedException;
import dev.myelin.authservice.OpenIdToken;
import dev.myelin.authservice.OpenIdValidator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachingOpenIdValidatorTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochSecond(1_000_000));
    private final InstantSource clock = () -> now.get();
    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private final OpenIdValidator upstream = token -> {
        upstreamCalls.incrementAndGet();
        if (token.accessToken().startsWith("bad")) {
            throw new OpenIdRejectedException("unknown token");
        }
        return "@user-" + token.accessToken() + ":" + token.matrixServerName();
    };

    @Test
    void repeatedToken_isAnsweredFromCacheUntilItsExpiry() {
        var cache = new CachingOpenIdValidator(upstream, clock, 100);
        var token = new OpenIdToken("t", "example.com", 120);

        assertThat(cache.userIdFor(token)).isEqualTo("@user-t:example.com");
        now.set(now.get().plusSeconds(119));
        assertThat(cache.userIdFor(token)).isEqualTo("@user-t:example.com");
        assertThat(upstreamCalls).hasValue(1);

        now.set(now.get().plusSeconds(1));
        cache.userIdFor(token);
        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void claimedLifetime_isCappedAtAnHour() {
        var cache = new CachingOpenIdValidator(upstream, clock, 100);
        var token = new OpenIdToken("t", "example.com", 86_400);

        cache.userIdFor(token);
        now.set(now.get().plus(Duration.ofHours(1)));
        cache.userIdFor(token);

        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void noClaimedLifetime_cachesForAMinute() {
        var cache = new CachingOpenIdValidator(upstream, clock, 100);
        var token = new OpenIdToken("t", "example.com", 0);

        cache.userIdFor(token);
        now.set(now.get().plusSeconds(59));
        cache.userIdFor(token);
        now.set(now.get().plusSeconds(1));
        cache.userIdFor(token);

        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void sameTokenForAnotherServer_isNotShared() {
        var cache = new CachingOpenIdValidator(upstream, clock, 100);

        cache.userIdFor(new OpenIdToken("t", "a.example", 60));
        String other = cache.userIdFor(new OpenIdToken("t", "b.example", 60));

        assertThat(other).isEqualTo("@user-t:b.example");
        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void failures_areNotCached() {
        var cache = new CachingOpenIdValidator(upstream, clock, 100);
        var token = new OpenIdToken("bad", "example.com", 60);

        assertThatThrownBy(() -> cache.userIdFor(token)).isInstanceOf(OpenIdRejectedException.class);
        assertThatThrownBy(() -> cache.userIdFor(token)).isInstanceOf(OpenIdRejectedException.class);
        assertThat(upstreamCalls).hasValue(2);
    }

    @Test
    void concurrentFirstRequests_shareOneLookup() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        var entered = new java.util.concurrent.CountDownLatch(1);
        OpenIdValidator slow = token -> {
            upstreamCalls.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "@slow:example.com";
        };
        var cache = new CachingOpenIdValidator(slow, clock, 100);
        var token = new OpenIdToken("t", "example.com", 60);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var first = executor.submit(() -> cache.userIdFor(token));
            assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var others = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 8; i++) {
                others.add(executor.submit(() -> cache.userIdFor(token)));
            }
            release.countDown();
            assertThat(first.get()).isEqualTo("@slow:example.com");
            for (var other : others) {
                assertThat(other.get()).isEqualTo("@slow:example.com");
            }
        }
        assertThat(upstreamCalls).hasValue(1);
    }

    @Test
    void cache_isBoundedInEntries() {
        var cache = new CachingOpenIdValidator(upstream, clock, 3);

        for (int i = 0; i < 10; i++) {
            cache.userIdFor(new OpenIdToken("t" + i, "example.com", 60));
        }

        assertThat(cache.size()).isEqualTo(3);
    }
}
