package dev.myelin.authservice.request;

/** A body that Go's strict decoder would refuse: not JSON, wrong shape, unknown member or wrong type. */
public final class RequestDecodingException extends RuntimeException {
    public RequestDecodingException(String message) {
        super(message);
    }
}
