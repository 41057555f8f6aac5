package dev.myelin.authservice.delegation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The job store in Redis ({@code LIVEKIT_REDIS_URL}, {@code redis://[[user]:password@]host[:port][/db]}), in
 * upstream's layout so either service can resume the other's jobs. One connection, re-opened after a failure.
 */
public final class RedisJobStore implements JobStore {
    private static final System.Logger LOG = System.getLogger(RedisJobStore.class.getName());

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final int database;
    private RespConnection connection;

    private RedisJobStore(String host, int port, String user, String password, int database) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /**
     * Parses the URL and pings the server, as upstream does before serving.
     *
     * @throws IllegalArgumentException for a URL it cannot use
     * @throws UncheckedIOException when Redis cannot be reached
     */
    public static RedisJobStore connect(String url) {
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("invalid Redis URL \"" + url + "\"");
        }
        String user = "";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        int database = path.isEmpty() ? 0 : Integer.parseInt(path);
        var store = new RedisJobStore(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, password,
                database);
        Object pong = store.call("PING");
        if (!"PONG".equals(pong)) {
            throw new UncheckedIOException(new IOException("Redis ping answered " + pong));
        }
        return store;
    }

    @Override
    public void save(StoredJob job) {
        call("HSET", StoredJobJson.HASH_KEY, StoredJobJson.field(job.params().key()), StoredJobJson.encode(job));
    }

    @Override
    public void delete(JobKey key) {
        call("HDEL", StoredJobJson.HASH_KEY, StoredJobJson.field(key));
    }

    @Override
    public List<StoredJob> all() {
        List<Object> flat;
        try {
            flat = RespConnection.array(call("HGETALL", StoredJobJson.HASH_KEY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var jobs = new ArrayList<StoredJob>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            try {
                jobs.add(StoredJobJson.decode((String) flat.get(i + 1)));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "skipping unreadable stored job {0}: {1}", flat.get(i), e.getMessage());
            }
        }
        return jobs;
    }

    private synchronized Object call(String... command) {
        try {
            if (connection == null) {
                connection = open();
            }
            return connection.call(command);
        } catch (IOException e) {
            if (connection != null) {
                connection.close();
                connection = null;
            }
            throw new UncheckedIOException(e);
        }
    }

    private RespConnection open() throws IOException {
        var opened = new RespConnection(host, port);
        try {
            if (!password.isEmpty()) {
                if (user.isEmpty()) {
                    opened.call("AUTH", password);
                } else {
                    opened.call("AUTH", user, password);
                }
            }
            if (database != 0) {
                opened.call("SELECT", String.valueOf(database));
            }
            return opened;
        } catch (IOException e) {
            opened.close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
