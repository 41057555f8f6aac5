package dev.myelin.authservice;

/**
 * The homeserver did not vouch for the token (unknown or expired token, unreachable or misbehaving server). The
 * client only ever sees "The request could not be authorised."; the message is for logs.
 */
public final class OpenIdRejectedException extends RuntimeException {
    public OpenIdRejectedException(String message) {
        super(message);
    }

    public OpenIdRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
