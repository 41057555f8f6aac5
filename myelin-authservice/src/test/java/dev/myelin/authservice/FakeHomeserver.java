package dev.myelin.authservice;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;

/** A homeserver on loopback answering federation OpenID userinfo (and, if set, a server well-known) in plain HTTP. */
final class FakeHomeserver implements AutoCloseable {
    private final LoopbackServer server;
    private final Map<String, String> usersByToken = new ConcurrentHashMap<>();
    private final Map<String, String> rawAnswersByToken = new ConcurrentHashMap<>();
    private final AtomicInteger userinfoRequests = new AtomicInteger();
    private final AtomicInteger wellKnownRequests = new AtomicInteger();
    private volatile String wellKnownBody;
    private volatile String wellKnownRedirect;
    private volatile String clientWellKnownBody;
    private volatile String lastHostHeader;
    private final java.util.List<String> delayedEventCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile int delayedEventStatus = 200;
    private static final String DELAYED_EVENTS = "/_matrix/client/unstable/org.matrix.msc4140/delayed_events/";

    FakeHomeserver() {
        server = new LoopbackServer(this::answer);
    }

    /** The server name clients put in {@code matrix_server_name}: this server's loopback address and port. */
    String serverName() {
        return "127.0.0.1:" + port();
    }

    int port() {
        return server.port();
    }

    /** {@code token} is valid for {@code userId}. */
    FakeHomeserver accept(String token, String userId) {
        usersByToken.put(token, userId);
        return this;
    }

    /** {@code token} gets this raw 200 answer. */
    FakeHomeserver answerRaw(String token, String body) {
        rawAnswersByToken.put(token, body);
        return this;
    }

    /** The well-known answers 302 to {@code location} (unless the request has a query). */
    FakeHomeserver wellKnownRedirect(String location) {
        wellKnownRedirect = location;
        return this;
    }

    FakeHomeserver clientWellKnown(String body) {
        clientWellKnownBody = body;
        return this;
    }

    FakeHomeserver wellKnown(String body) {
        wellKnownBody = body;
        return this;
    }

    /** The client-server API base this server answers delayed-event calls on (plain HTTP). */
    String clientApiUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Every delayed-event call as {@code "<delay id> <action>"}, in arrival order. */
    java.util.List<String> delayedEventCalls() {
        return delayedEventCalls;
    }

    void answerDelayedEventsWith(int status) {
        delayedEventStatus = status;
    }

    int userinfoRequests() {
        return userinfoRequests.get();
    }

    int wellKnownRequests() {
        return wellKnownRequests.get();
    }

    String lastHostHeader() {
        return lastHostHeader;
    }

    private LoopbackServer.Answer answer(Request request, byte[] body) {
        String path = request.getHttpURI().getPath();
        if (path.startsWith(DELAYED_EVENTS) && request.getMethod().equals("POST")) {
            String[] parts = path.substring(DELAYED_EVENTS.length()).split("/");
            delayedEventCalls.add(URLDecoder.decode(parts[0], StandardCharsets.UTF_8) + " " + parts[parts.length - 1]
                    + (new String(body, StandardCharsets.UTF_8).equals("{}") ? "" : " with a body"));
            int status = delayedEventStatus;
            return LoopbackServer.Answer.json(status, status == 200 ? "{}"
                    : "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no such delayed event\"}");
        }
        if (path.equals("/.well-known/matrix/client")) {
            String client = clientWellKnownBody;
            return client == null ? LoopbackServer.Answer.json(404, "{}") : LoopbackServer.Answer.json(200, client);
        }
        if (path.equals("/.well-known/matrix/server")) {
            wellKnownRequests.incrementAndGet();
            String redirect = wellKnownRedirect;
            if (redirect != null && request.getHttpURI().getQuery() == null) {
                return new LoopbackServer.Answer(302, "text/plain", new byte[0], redirect);
            }
            String wellKnown = wellKnownBody;
            return wellKnown == null ? LoopbackServer.Answer.json(404, "{}") : LoopbackServer.Answer.json(200, wellKnown);
        }
        if (!path.equals("/_matrix/federation/v1/openid/userinfo") || !request.getMethod().equals("GET")) {
            return LoopbackServer.Answer.json(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized\"}");
        }
        userinfoRequests.incrementAndGet();
        lastHostHeader = request.getHeaders().get("Host");
        String query = request.getHttpURI().getQuery();
        String token = query != null && query.startsWith("access_token=")
                ? URLDecoder.decode(query.substring("access_token=".length()), StandardCharsets.UTF_8)
                : "";
        String raw = rawAnswersByToken.get(token);
        if (raw != null) {
            return LoopbackServer.Answer.json(200, raw);
        }
        String user = usersByToken.get(token);
        if (user != null) {
            return LoopbackServer.Answer.json(200, "{\"sub\":\"" + user + "\"}");
        }
        return LoopbackServer.Answer.json(401,
                "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Access Token unknown or expired\"}");
    }

    @Override
    public void close() {
        server.close();
    }
}
