package dev.myelin.authservice.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** The bodiless and plain-text responses Go's net/http writes, reproduced so clients see the same bytes. */
final class GoResponses {
    private GoResponses() {
    }

    static void empty(Response response, Callback callback, int status) {
        response.setStatus(status);
        response.getHeaders().put("Content-Length", "0");
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    /** {@code http.NotFound}. */
    static void notFound(Response response, Callback callback) {
        response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        text(response, callback, 404, "404 page not found\n");
    }

    /** {@code http.Redirect} with 301, as the mux answers a non-canonical path; only GET gets the HTML body. */
    static void redirect(Request request, Response response, Callback callback, String cleanPath) {
        String query = request.getHttpURI().getQuery();
        String location = query == null ? cleanPath : cleanPath + "?" + query;
        response.getHeaders().put("Location", location);
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            response.getHeaders().put("Content-Type", "text/html; charset=utf-8");
        }
        if (method.equals("GET")) {
            text(response, callback, 301, "<a href=\"" + htmlEscape(location) + "\">Moved Permanently</a>.\n\n");
        } else {
            empty(response, callback, 301);
        }
    }

    private static void text(Response response, Callback callback, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put("Content-Length", String.valueOf(bytes.length));
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
