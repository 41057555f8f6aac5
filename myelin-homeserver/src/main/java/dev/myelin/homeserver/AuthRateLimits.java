package dev.myelin.homeserver;

import java.util.Objects;

/**
 * Token-bucket limits on unauthenticated traffic, keyed by the client's address (the socket's peer; no
 * {@code X-Forwarded-For} yet, so behind a reverse proxy every client shares the proxy's buckets):
 *
 * @param loginPerAddress          every {@code POST /login} from one address (Synapse {@code rc_login.address})
 * @param loginPerAccount          successful logins to one account (Synapse {@code rc_login.account})
 * @param failedLoginsPerAccount   wrong passwords for one account; once spent, even the right one waits (Synapse
 *                                 {@code rc_login.failed_attempts})
 * @param registrationPerAddress   accounts created from one address (Synapse {@code rc_registration})
 * @param unauthenticatedPerAddress every request without an access token from one address (no Synapse equivalent)
 */
public record AuthRateLimits(RateLimit loginPerAddress, RateLimit loginPerAccount, RateLimit failedLoginsPerAccount,
        RateLimit registrationPerAddress, RateLimit unauthenticatedPerAddress) {

    /** Synapse's defaults, and 10/s (burst 100) per address for other unauthenticated requests. */
    public static final AuthRateLimits DEFAULT = new AuthRateLimits(new RateLimit(0.003, 5), new RateLimit(0.003, 5),
            new RateLimit(0.17, 3), new RateLimit(0.17, 3), new RateLimit(10, 100));

    /** Practically unlimited: for tests and benchmarks that log in and register many users from one address. */
    public static final AuthRateLimits RELAXED = new AuthRateLimits(new RateLimit(10_000, 1_000_000),
            new RateLimit(10_000, 1_000_000), new RateLimit(10_000, 1_000_000), new RateLimit(10_000, 1_000_000),
            new RateLimit(10_000, 1_000_000));

    public AuthRateLimits {
        Objects.requireNonNull(loginPerAddress, "loginPerAddress");
        Objects.requireNonNull(loginPerAccount, "loginPerAccount");
        Objects.requireNonNull(failedLoginsPerAccount, "failedLoginsPerAccount");
        Objects.requireNonNull(registrationPerAddress, "registrationPerAddress");
        Objects.requireNonNull(unauthenticatedPerAddress, "unauthenticatedPerAddress");
    }
}
