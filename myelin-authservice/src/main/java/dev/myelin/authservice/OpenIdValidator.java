package dev.myelin.authservice;

import dev.myelin.authservice.openid.CachingOpenIdValidator;
import dev.myelin.authservice.openid.FederationOpenIdValidator;
import java.time.InstantSource;

/**
 * Asks the token's homeserver which user an OpenID token belongs to. The standalone service does it over federation
 * ({@code GET /_matrix/federation/v1/openid/userinfo}); a homeserver mounting the service can answer for its own
 * users in-process and delegate other servers' tokens to {@link #overFederation}.
 *
 * <p>Whatever the implementation, the service then requires the answer's server part to equal the token's
 * {@code matrix_server_name}, so a server can only vouch for its own users.
 */
public interface OpenIdValidator {
    /**
     * The Matrix user id ({@code sub}) the homeserver named in the token vouches for.
     *
     * @throws OpenIdRejectedException when it does not
     */
    String userIdFor(OpenIdToken token);

    /** The federation lookup with server discovery, as upstream, honouring the config's TLS switches. */
    static OpenIdValidator overFederation(AuthServiceConfig config) {
        return FederationOpenIdValidator.create(config.insecureSkipTlsVerify(), config.plainHttpToLoopback());
    }

    /**
     * Remembers successful validations until the token's claimed expiry (capped at an hour, a minute when no
     * expiry was given), for at most 10 000 tokens, so repeat requests do not reach the homeserver. Failures are not
     * remembered.
     */
    static OpenIdValidator cached(OpenIdValidator validator, InstantSource clock) {
        return new CachingOpenIdValidator(validator, clock, CachingOpenIdValidator.DEFAULT_MAX_ENTRIES);
    }
}
