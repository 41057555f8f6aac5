package dev.myelin.authservice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for LiveKit's RoomService Twirp endpoint (the SFU cannot run here) and records what it was sent. */
final class FakeSfu implements AutoCloseable {
    record TwirpCall(String method, String path, String contentType, String authorization, byte[] body) {
    }

    private final LoopbackServer server;
    private final List<TwirpCall> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    FakeSfu() {
        server = new LoopbackServer((request, body) -> {
            calls.add(new TwirpCall(request.getMethod(), request.getHttpURI().getPath(),
                    request.getHeaders().get("Content-Type"), request.getHeaders().get("Authorization"), body));
            // An empty livekit.Room message is a valid answer.
            return new LoopbackServer.Answer(status, "application/protobuf", new byte[0]);
        });
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + server.port();
    }

    void failWith(int status) {
        this.status = status;
    }

    List<TwirpCall> calls() {
        return calls;
    }

    @Override
    public void close() {
        server.close();
    }
}
