package dev.myelin.homeserver.client;

import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.http.RateLimiter;
import java.time.InstantSource;

/** The running buckets of {@link AuthRateLimits}: in memory, so a restart forgives. */
public record AuthLimiters(RateLimiter loginPerAddress, RateLimiter loginPerAccount,
        RateLimiter failedLoginsPerAccount, RateLimiter registrationPerAddress, RateLimiter unauthenticatedPerAddress) {

    public AuthLimiters(AuthRateLimits limits, InstantSource clock) {
        this(new RateLimiter(limits.loginPerAddress(), clock), new RateLimiter(limits.loginPerAccount(), clock),
                new RateLimiter(limits.failedLoginsPerAccount(), clock),
                new RateLimiter(limits.registrationPerAddress(), clock),
                new RateLimiter(limits.unauthenticatedPerAddress(), clock));
    }
}
