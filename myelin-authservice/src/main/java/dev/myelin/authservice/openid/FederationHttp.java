package dev.myelin.authservice.openid;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A minimal HTTP/1.1 GET over TLS for federation lookups. It exists because federation connects to one host (an SRV
 * target) while presenting and verifying another name (the server name), which the JDK's HttpClient cannot do
 * without rewriting restricted headers. One request per connection, {@code Connection: close}, bodies bounded.
 */
final class FederationHttp {
    /** @param location the {@code Location} header, empty when absent */
    record Response(int status, byte[] body, String location) {
    }

    private final boolean skipTlsVerification;
    private final boolean plainHttpToLoopback;
    private final Duration timeout;
    private final SSLSocketFactory tls;

    FederationHttp(boolean skipTlsVerification, boolean plainHttpToLoopback, Duration timeout) {
        this.skipTlsVerification = skipTlsVerification;
        this.plainHttpToLoopback = plainHttpToLoopback;
        this.timeout = timeout;
        this.tls = skipTlsVerification ? trustingEverything() : (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    /** True when this destination is spoken to in plain HTTP (loopback, and only when configured). */
    boolean isPlain(Destination destination) {
        if (!plainHttpToLoopback) {
            return false;
        }
        String host = destination.connectHost();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException notALiteral) {
            return false;
        }
    }

    Response get(Destination destination, String pathAndQuery, int maxBodyBytes) throws IOException {
        int millis = (int) timeout.toMillis();
        var raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(destination.connectHost(), destination.port()), millis);
            raw.setSoTimeout(millis);
            Socket socket = raw;
            if (!isPlain(destination)) {
                var ssl = (SSLSocket) tls.createSocket(raw, destination.tlsName(), destination.port(), true);
                if (!skipTlsVerification) {
                    SSLParameters parameters = ssl.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(parameters);
                }
                ssl.startHandshake();
                socket = ssl;
            }
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + destination.hostHeader()
                    + "\r\nUser-Agent: Myelin\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readResponse(new BufferedInputStream(socket.getInputStream()), maxBodyBytes);
        } finally {
            raw.close();
        }
    }

    private static Response readResponse(InputStream in, int maxBodyBytes) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line");
        }
        long contentLength = -1;
        boolean chunked = false;
        String location = "";
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length");
                }
            } else if (name.equals("location")) {
                location = value;
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        var body = new ByteArrayOutputStream();
        if (chunked) {
            while (true) {
                String sizeLine = readLine(in);
                int semicolon = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size");
                }
                if (size == 0) {
                    break;
                }
                copy(in, body, size, maxBodyBytes);
                readLine(in);
            }
        } else if (contentLength >= 0) {
            copy(in, body, contentLength, maxBodyBytes);
        } else {
            copy(in, body, Long.MAX_VALUE, maxBodyBytes);
        }
        return new Response(status, body.toByteArray(), location);
    }

    private static void copy(InputStream in, ByteArrayOutputStream body, long length, int maxBodyBytes)
            throws IOException {
        byte[] buffer = new byte[8192];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                if (length == Long.MAX_VALUE) {
                    return;
                }
                throw new IOException("response body truncated");
            }
            if (body.size() + n > maxBodyBytes) {
                throw new IOException("response body larger than " + maxBodyBytes + " bytes");
            }
            body.write(buffer, 0, n);
            remaining -= n;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-header");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() > 16 * 1024) {
                throw new IOException("header line too long");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** LIVEKIT_INSECURE_SKIP_VERIFY_TLS: no certificate or name checks at all. */
    private static SSLSocketFactory trustingEverything() {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }
}
