package dev.myelin.authservice;

/** Opens {@link FakeHomeserver} to tests in other packages. */
public final class FakeHomeserverAccess implements AutoCloseable {
    private final FakeHomeserver homeserver = new FakeHomeserver();

    public int port() {
        return homeserver.port();
    }

    public void accept(String token, String userId) {
        homeserver.accept(token, userId);
    }

    public void wellKnown(String body) {
        homeserver.wellKnown(body);
    }

    public void wellKnownRedirect(String location) {
        homeserver.wellKnownRedirect(location);
    }

    public int wellKnownRequests() {
        return homeserver.wellKnownRequests();
    }

    public String lastHostHeader() {
        return homeserver.lastHostHeader();
    }

    @Override
    public void close() {
        homeserver.close();
    }
}
