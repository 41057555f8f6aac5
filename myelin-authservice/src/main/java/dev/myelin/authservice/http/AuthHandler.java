package dev.myelin.authservice.http;

import dev.myelin.authservice.AuthServiceConfig;
import dev.myelin.authservice.OpenIdValidator;
import dev.myelin.authservice.delegation.ClientApiResolver;
import dev.myelin.authservice.delegation.DelayedEventsClient;
import dev.myelin.authservice.delegation.DelegationManager;
import dev.myelin.authservice.delegation.HttpDelegationCalls;
import dev.myelin.authservice.delegation.JobStore;
import dev.myelin.authservice.delegation.Scheduler;
import dev.myelin.authservice.delegation.SfuWebhook;
import dev.myelin.authservice.livekit.GoJsonWriter;
import dev.myelin.authservice.livekit.LiveKitTokens;
import dev.myelin.authservice.livekit.RoomServiceClient;
import dev.myelin.authservice.request.LegacyTokenRequest;
import dev.myelin.authservice.request.RequestDecodingException;
import dev.myelin.authservice.request.TokenRequest;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;

/**
 * lk-jwt-service's HTTP surface on Jetty core: {@code /get_token}, {@code /sfu/get}, {@code /delegate_delayed_leave},
 * {@code /sfu_webhook}, {@code /healthz}, with Go's mux behaviour for other paths. Paths are relative to the
 * handler's context, so the homeserver can mount it under {@code /livekit/jwt}. Runs blocking, on a virtual thread
 * per request; delayed-leave delegations run on their own (see {@link DelegationManager}).
 */
public final class AuthHandler extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(AuthHandler.class.getName());
    /**
     * Upstream reads no more than the first JSON value and sets no limit; a valid request is a few hundred bytes, so
     * only the first MiB is read and decoded (a first value that ends within it behaves exactly as upstream).
     */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final TokenIssuer issuer;
    private final SfuWebhook webhook;
    private final DelegationManager delegations;
    private final Scheduler scheduler;
    private final HttpClient csApiHttp;
    private final JobStore store;
    private final java.util.concurrent.ExecutorService storeWrites;
    private final InstantSource clock;

    public AuthHandler(AuthServiceConfig config, OpenIdValidator validator, HttpClient http, InstantSource clock) {
        this(config, validator, http, clock, JobStore.inMemoryOnly());
    }

    /** With a store, delegations outlive a restart ({@link DelegationManager#restore()} resumes them). */
    public AuthHandler(AuthServiceConfig config, OpenIdValidator validator, HttpClient http, InstantSource clock,
                       JobStore store) {
        var tokens = new LiveKitTokens(config.apiKey(), config.apiSecret());
        var roomService = new RoomServiceClient(config.livekitUrl(), tokens, http, clock);
        var clientApi = new ClientApiResolver(config.csApiUrlOverrides(), http, clock, config.plainHttpToLoopback());
        // Upstream calls the client-server API with Go's default client: certificates are always checked there.
        this.csApiHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        this.scheduler = Scheduler.system(clock);
        // One writer, so a job's save and delete reach the store in order.
        this.storeWrites = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("authservice-delegation-store").factory());
        this.delegations = new DelegationManager(scheduler, Thread.ofVirtual().name("authservice-delegation")::start,
                new HttpDelegationCalls(clientApi, new DelayedEventsClient(csApiHttp, clock), roomService),
                clock, config.sanityCheckInterval(), RandomGenerator::getDefault, store, storeWrites);
        this.store = store;
        this.issuer = new TokenIssuer(config, validator, tokens, roomService, clientApi, delegations, clock);
        this.webhook = new SfuWebhook(config.apiKey(), config.apiSecret());
        this.clock = clock;
    }

    /** The delegations in flight (for tests and the homeserver's status). */
    public DelegationManager delegations() {
        return delegations;
    }

    @Override
    protected void doStop() throws Exception {
        // Upstream's shutdown: every watcher stops without sending; new delegations get 503 until then.
        delegations.close();
        scheduler.close();
        csApiHttp.shutdownNow();
        storeWrites.shutdown(); // let queued writes reach the store, briefly
        storeWrites.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        store.close();
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // Go routes on the percent-decoded path before any dot-segment resolution, and redirects unclean ones.
        String requested = URIUtil.decodePath(request.getHttpURI().getPath());
        String clean = GoPaths.clean(requested);
        if (!clean.equals(requested)) {
            GoResponses.redirect(request, response, callback, clean);
            return true;
        }
        String path = Request.getPathInContext(request);
        switch (path) {
            case "/get_token" -> postEndpoint(request, response, callback, Endpoint.GET_TOKEN);
            case "/sfu/get" -> postEndpoint(request, response, callback, Endpoint.SFU_GET);
            case "/delegate_delayed_leave" -> postEndpoint(request, response, callback, Endpoint.DELEGATE);
            case "/sfu_webhook" -> sfuWebhook(request, response, callback);
            case "/healthz" -> {
                String method = request.getMethod();
                GoResponses.empty(response, callback, method.equals("GET") || method.equals("HEAD") ? 200 : 405);
            }
            default -> GoResponses.notFound(response, callback);
        }
        return true;
    }

    private enum Endpoint { GET_TOKEN, SFU_GET, DELEGATE }

    /** Always 200 with an empty body, whatever the webhook held: LiveKit has nothing to do with an error. */
    private void sfuWebhook(Request request, Response response, Callback callback) {
        try {
            byte[] body = readBody(request);
            webhook.receive(Optional.ofNullable(request.getHeaders().get("Authorization")), body, clock.instant())
                    .ifPresentOrElse(delivery -> delegations.deliver(delivery.key(), delivery.event()),
                            () -> LOG.log(Level.DEBUG, "SFU webhook ignored"));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SFU webhook failed", e);
        }
        GoResponses.empty(response, callback, 200);
    }

    private void postEndpoint(Request request, Response response, Callback callback, Endpoint endpoint) {
        var headers = response.getHeaders();
        headers.put("Content-Type", "application/json");
        headers.put("Access-Control-Allow-Origin", "*");
        headers.put("Access-Control-Allow-Methods", "POST");
        headers.put("Access-Control-Allow-Headers",
                "Accept, Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token");
        String method = request.getMethod();
        if (method.equals("OPTIONS")) {
            GoResponses.empty(response, callback, 200);
            return;
        }
        if (!method.equals("POST")) {
            GoResponses.empty(response, callback, 405);
            return;
        }
        try {
            var body = new LinkedHashMap<String, Object>();
            if (endpoint == Endpoint.DELEGATE) {
                delegate(request);
            } else {
                TokenIssuer.Grant grant = endpoint == Endpoint.GET_TOKEN ? issueToken(request)
                        : issueLegacyToken(request);
                body.put("url", grant.url());
                body.put("jwt", grant.jwt());
            }
            writeJson(response, callback, 200, body);
        } catch (MatrixException e) {
            writeError(response, callback, e);
        } catch (RuntimeException e) {
            // Never a stack trace for the client: anything unforeseen is upstream's generic 500.
            LOG.log(Level.ERROR, "unexpected failure serving " + request.getHttpURI().getPath(), e);
            writeError(response, callback, new MatrixException(500, ErrorCode.UNKNOWN, "Internal Server Error"));
        }
    }

    private TokenIssuer.Grant issueToken(Request request) {
        TokenRequest tokenRequest;
        try {
            tokenRequest = TokenRequest.decode(readBody(request));
        } catch (RequestDecodingException e) {
            throw notJson(e);
        }
        tokenRequest.validate();
        return issuer.issue(tokenRequest);
    }

    private void delegate(Request request) {
        TokenRequest delegation;
        try {
            delegation = TokenRequest.decode(readBody(request));
        } catch (RequestDecodingException e) {
            throw notJson(e);
        }
        delegation.validateDelegation();
        issuer.delegate(delegation);
    }

    private TokenIssuer.Grant issueLegacyToken(Request request) {
        LegacyTokenRequest legacyRequest;
        try {
            legacyRequest = LegacyTokenRequest.decode(readBody(request));
        } catch (RequestDecodingException e) {
            throw notJson(e);
        }
        legacyRequest.validate();
        return issuer.issueLegacy(legacyRequest);
    }

    private static MatrixException notJson(RequestDecodingException e) {
        LOG.log(Level.DEBUG, "undecodable request body: {0}", e.getMessage());
        return MatrixException.notJson("Error reading request");
    }

    private static byte[] readBody(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            return in.readNBytes(MAX_BODY_BYTES);
        } catch (IOException e) {
            throw new RequestDecodingException("cannot read the body: " + e.getMessage());
        }
    }

    /** The one place an error becomes a response: {@code {"errcode","error"}} with the exception's status. */
    private static void writeError(Response response, Callback callback, MatrixException e) {
        var body = new LinkedHashMap<String, Object>();
        body.put("errcode", e.errcode().value());
        body.put("error", e.getMessage());
        writeJson(response, callback, e.status(), body);
    }

    private static void writeJson(Response response, Callback callback, int status, Map<String, Object> body) {
        byte[] bytes = (GoJsonWriter.object(body) + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put("Content-Length", String.valueOf(bytes.length));
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
