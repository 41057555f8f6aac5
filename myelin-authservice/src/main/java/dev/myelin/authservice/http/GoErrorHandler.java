package dev.myelin.authservice.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises itself (a malformed request line, an unparseable URI) answered the way Go's server does:
 * {@code 400 Bad Request} as plain text, never an HTML page or a stack trace.
 */
public final class GoErrorHandler extends ErrorHandler {
    public GoErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = (code + " " + HttpStatus.getMessage(code)).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.getHeaders().put("Content-Length", String.valueOf(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
