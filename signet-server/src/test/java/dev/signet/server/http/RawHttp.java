package dev.signet.server.http;

import dev.signet.server.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 requests written byte by byte on a socket of their own ({@code Connection: close}):
 * any method, path, header or body, from any loopback source address. (Java's HTTP client checks
 * and normalises what it sends, and reuses connections the server may have closed.)
 */
final class RawHttp {

    /** An answer as read off the socket. */
    record Response(int status, String head, String body) {
        String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":[ \\t]*(.*?)\\r?$")
                    .matcher(head);
            return m.find() ? m.group(1) : null;
        }
    }

    private RawHttp() {}

    /** The loopback address 127.0.0.{@code last}. */
    static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends one request; {@code headers} are whole lines without CRLF (Host, Connection and
     * Content-Length are added), {@code body} may be null.
     */
    static Response send(
            TestServer server, InetAddress local, String method, String target, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket s = new Socket()) {
            if (local != null) {
                s.bind(new InetSocketAddress(local, 0));
            }
            s.connect(new InetSocketAddress(loopback(1), server.server().port()), 5_000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            java.net.SocketException unsent = null;
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (java.net.SocketException e) {
                // The server answered and closed before taking the whole request (a refusal of
                // its head): the answer may already be here; without one the failure stands.
                unsent = e;
            }
            byte[] answer;
            try {
                answer = readAnswer(s.getInputStream());
            } catch (IOException e) {
                if (unsent != null) {
                    e.addSuppressed(unsent);
                }
                throw e;
            }
            if (answer.length == 0 && unsent != null) {
                throw unsent;
            }
            String all = new String(answer, StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String h = split < 0 ? all : all.substring(0, split);
            String b = split < 0 ? "" : all.substring(split + 4);
            if (h.length() < 12 || !h.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP/1.1 answer: " + h);
            }
            return new Response(Integer.parseInt(h.substring(9, 12)), h, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads until the server closes. A server that answers before it has read the whole request
     * (a refusal) may close with a reset while unread bytes remain: what arrived before it is the
     * answer. A reset before any byte arrived is still an error.
     */
    private static byte[] readAnswer(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            if (got.size() == 0) {
                throw e;
            }
        }
        return got.toByteArray();
    }
}
