package dev.myelin.homeserver.http;

/**
 * One API operation. Runs on a virtual thread, so it is plain blocking code; it returns a response or throws a
 * {@link dev.myelin.protocol.error.MatrixException} (or a JSON/identifier exception), which {@link ErrorResponses}
 * turns into the error body.
 */
@FunctionalInterface
public interface Endpoint {
    ApiResponse handle(ApiRequest request);
}
