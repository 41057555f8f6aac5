package dev.myelin.authservice;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A plain-HTTP Jetty server on an ephemeral loopback port, for fakes of the service's peers. */
final class LoopbackServer implements AutoCloseable {
    /** What a fake answers. */
    record Answer(int status, String contentType, byte[] body, String location) {
        Answer(int status, String contentType, byte[] body) {
            this(status, contentType, body, null);
        }

        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A fake's logic: given the request and its body, the answer. */
    interface Responder {
        Answer answer(Request request, byte[] body) throws Exception;
    }

    private final Server server = new Server();
    private final ServerConnector connector;

    LoopbackServer(Responder responder) {
        this(responder, null);
    }

    /** With a key store, the server speaks HTTPS with its certificate. */
    LoopbackServer(Responder responder, java.nio.file.Path keyStore) {
        if (keyStore == null) {
            connector = new ServerConnector(server);
        } else {
            var tls = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
            tls.setKeyStorePath(keyStore.toString());
            tls.setKeyStorePassword("changeit");
            connector = new ServerConnector(server, tls);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = org.eclipse.jetty.util.BufferUtil.toArray(Content.Source.asByteBuffer(request));
                Answer answer = responder.answer(request, body);
                response.setStatus(answer.status());
                response.getHeaders().put("Content-Type", answer.contentType());
                if (answer.location() != null) {
                    response.getHeaders().put("Location", answer.location());
                }
                response.write(true, ByteBuffer.wrap(answer.body()), callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a loopback server", e);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
