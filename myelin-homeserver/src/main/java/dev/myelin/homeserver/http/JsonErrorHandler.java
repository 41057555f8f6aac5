package dev.myelin.homeserver.http;

import dev.myelin.json.Json;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/** Errors Jetty raises itself (malformed request line, headers too large, bad URI) answered as Matrix JSON too. */
public final class JsonErrorHandler extends ErrorHandler {

    /** Jetty writes error bodies only for GET, POST and HEAD; a malformed PUT or DELETE deserves its JSON too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        byte[] bytes = Json.writeBytes(ErrorResponses.forStatus(code, describe(code, message)));
        JsonResponses.addStandardHeaders(response.getHeaders());
        response.getHeaders().put("Content-Length", Integer.toString(bytes.length));
        // Errors raised by Jetty itself (bad URI, bad headers) end the connection; announce it, or a client may
        // send its next request on a connection about to close and see it fail.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        JsonResponses.addStandardHeaders(fields);
        // Jetty drops the connection after a malformed request; say so, or a client may reuse it and fail.
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(Json.writeBytes(ErrorResponses.forStatus(status, describe(status, reason))));
    }

    private static String describe(int code, String message) {
        String reason = HttpStatus.getMessage(code);
        return message == null || message.isBlank() || message.equals(reason) ? reason : reason + ": " + message;
    }
}
