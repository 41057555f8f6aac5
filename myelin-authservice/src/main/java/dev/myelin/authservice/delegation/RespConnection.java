package dev.myelin.authservice.delegation;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the Redis protocol (RESP2) for the job store: one blocking connection, commands as arrays of bulk
 * strings, replies as strings, integers, arrays or errors. Callers serialise use.
 */
final class RespConnection implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int MAX_BULK = 16 << 20;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespConnection(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends a command and reads its reply: {@code String}, {@code Long}, {@code List<Object>} or null. */
    Object call(String... args) throws IOException {
        var request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(request.toByteArray());
        out.flush();
        return reply();
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new RedisErrorException(line);
            case ':' -> Long.parseLong(line);
            case '$' -> bulk(Integer.parseInt(line));
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                var items = new ArrayList<Object>(count);
                for (int i = 0; i < count; i++) {
                    items.add(reply());
                }
                yield items;
            }
            case -1 -> throw new IOException("Redis closed the connection");
            default -> throw new IOException("unexpected Redis reply type " + type);
        };
    }

    private String bulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        if (length > MAX_BULK) {
            throw new IOException("Redis reply too large");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length || in.read() != '\r' || in.read() != '\n') {
            throw new IOException("truncated Redis reply");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        var bytes = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (previous == '\r' && b == '\n') {
                byte[] all = bytes.toByteArray();
                return new String(all, 0, all.length - 1, StandardCharsets.UTF_8);
            }
            bytes.write(b);
            previous = b;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object reply) throws IOException {
        if (reply instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IOException("expected a Redis array, got " + reply);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Redis answered with an error reply. */
    static final class RedisErrorException extends IOException {
        RedisErrorException(String message) {
            super(message);
        }
    }
}
