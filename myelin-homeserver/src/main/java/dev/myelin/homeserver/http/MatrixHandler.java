package dev.myelin.homeserver.http;

import dev.myelin.json.Json;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler: routes, runs the endpoint on the request's virtual thread, and writes the JSON reply. It is a
 * blocking handler, so Jetty dispatches each request to a thread of the server's virtual-thread pool.
 */
public final class MatrixHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixHandler.class);

    private final Router router;
    private final int maxBodyBytes;
    private final Metrics metrics;
    private final RateLimiter unauthenticated;
    private final boolean trustForwardedFor;

    /**
     * @param unauthenticated   per client address, for requests without an access token
     * @param trustForwardedFor the client address is the first of {@code X-Forwarded-For} (behind a reverse proxy)
     */
    public MatrixHandler(Router router, int maxBodyBytes, Metrics metrics, RateLimiter unauthenticated,
            boolean trustForwardedFor) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
        this.unauthenticated = unauthenticated;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        if (method.equals("OPTIONS")) {
            // CORS preflight for any path, as Synapse answers it: 204 without a body.
            discardBody(request);
            response.setStatus(204);
            JsonResponses.addCors(response.getHeaders());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            callback.succeeded();
            return true;
        }
        if (rawPath.equals("/metrics") && method.equals("GET") && isLoopback(request)) {
            // Only for scrapers on the same machine: the listener may face the internet.
            discardBody(request);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            response.write(true, ByteBuffer.wrap(metrics.scrape().getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        long start = System.nanoTime();
        ApiResponse reply;
        ApiRequest apiRequest = null;
        try {
            Router.Match match = router.resolve(method, PathCodec.segments(rawPath));
            apiRequest = new ApiRequest(method, match.pathParameters(),
                    PathCodec.query(request.getHttpURI().getQuery()),
                    name -> Optional.ofNullable(request.getHeaders().get(name)),
                    () -> readBody(request), clientAddress(request));
            if (!apiRequest.hasAccessToken()) {
                unauthenticated.acquire(apiRequest.remoteAddress());
            }
            reply = match.endpoint().handle(apiRequest);
        } catch (RuntimeException | StackOverflowError e) {
            reply = ErrorResponses.from(e, method + " " + rawPath);
        }
        if (apiRequest != null) {
            apiRequest.drainUnread();
        } else {
            discardBody(request);
        }
        LOG.debug("{} {} -> {}", method, rawPath, reply.status());
        metrics.record(method, reply.status(), System.nanoTime() - start);
        write(request, response, callback, reply);
        return true;
    }

    /**
     * Reads and drops a body nobody wants (unroutable request, preflight, metrics): closing a connection with unread
     * bytes resets it, and the client may lose the answer already sent (found by fuzzing).
     */
    private void discardBody(Request request) {
        if (request.getLength() != 0 && request.getLength() <= maxBodyBytes) {
            try {
                readBody(request);
            } catch (RuntimeException ignored) {
                // A broken body: the connection closes, nothing else to do.
            }
        }
    }

    /**
     * The socket's peer, or behind a trusted proxy the first address of {@code X-Forwarded-For} (the client as the
     * first proxy saw it, as Synapse reads it); a header that is not an IP address is ignored.
     */
    private String clientAddress(Request request) {
        if (trustForwardedFor) {
            String forwarded = request.getHeaders().get("X-Forwarded-For");
            if (forwarded != null) {
                String first = forwarded.split(",", 2)[0].strip();
                if (ForwardedAddress.isIpLiteral(first)) {
                    return first;
                }
            }
        }
        return remoteAddress(request);
    }

    private static String remoteAddress(Request request) {
        return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress remote
                && remote.getAddress() != null ? remote.getAddress().getHostAddress() : "";
    }

    private static boolean isLoopback(Request request) {
        return request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress remote
                && remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
    }

    private static void write(Request request, Response response, Callback callback, ApiResponse reply) {
        byte[] bytes = Json.writeBytes(reply.body());
        response.setStatus(reply.status());
        var headers = response.getHeaders();
        JsonResponses.addStandardHeaders(headers);
        reply.headers().forEach(headers::put);
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        if (request.getMethod().equals("HEAD")) {
            callback.succeeded();
            return;
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private byte[] readBody(Request request) {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            // A broken or abandoned body is the client's doing: a 400, never a 500.
            throw new MatrixException(400, ErrorCode.UNKNOWN, "Could not read the request body");
        }
    }

    private MatrixException tooLarge() {
        return MatrixException.tooLarge("Request body larger than " + maxBodyBytes + " bytes");
    }
}
