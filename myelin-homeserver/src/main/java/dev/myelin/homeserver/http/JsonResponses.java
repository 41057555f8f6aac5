package dev.myelin.homeserver.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** Headers every response carries: JSON, no caching, and CORS exactly as Synapse sends it. */
final class JsonResponses {
    static final String CONTENT_TYPE = "application/json";

    private JsonResponses() {
    }

    static void addStandardHeaders(HttpFields.Mutable headers) {
        headers.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache, no-store, must-revalidate");
        addCors(headers);
    }

    static void addCors(HttpFields.Mutable headers) {
        headers.put("Access-Control-Allow-Origin", "*");
        headers.put("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
        headers.put("Access-Control-Allow-Headers", "X-Requested-With, Content-Type, Authorization, Date");
        headers.put("Access-Control-Expose-Headers", "Server");
    }
}
