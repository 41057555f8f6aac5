package dev.myelin.client.http;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The local timeout of a request passed before the response came. The server may still have acted on it. */
public final class RequestTimeoutException extends UncheckedIOException {
    public RequestTimeoutException(String message) {
        super(message, new IOException(message));
    }
}
