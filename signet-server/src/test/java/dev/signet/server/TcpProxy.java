package dev.signet.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy a test can cut and restore, to take a database away from a server and give
 * it back. {@link #cut(long)} first holds back everything the database sends (so statements already
 * sent are executed, but their answers never arrive), then closes every connection and stops
 * accepting: new connections are refused at once.
 */
final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean holdReplies;

    TcpProxy(String host, int targetPort) {
        this.target = new InetSocketAddress(host, targetPort);
        try {
            ServerSocket s = bind(0);
            this.port = s.getLocalPort();
            accept(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket s) {
        server = s;
        Thread t = new Thread(
                () -> {
                    while (!s.isClosed()) {
                        try {
                            Socket client = s.accept();
                            Socket upstream = new Socket();
                            try {
                                upstream.connect(target, 2_000);
                            } catch (IOException e) {
                                client.close();
                                continue;
                            }
                            open.add(client);
                            open.add(upstream);
                            pump(client, upstream, false);
                            pump(upstream, client, true);
                        } catch (IOException e) {
                            return; // closed
                        }
                    }
                },
                "tcp-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean reply) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16384];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            while (reply && holdReplies && !to.isClosed()) {
                                Thread.sleep(5);
                            }
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // cut, or one side closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Holds back the database's answers for {@code holdMillis}, then drops every connection and refuses new ones. */
    void cut(long holdMillis) throws InterruptedException {
        holdReplies = true;
        Thread.sleep(holdMillis);
        closeQuietly(server);
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
        holdReplies = false;
    }

    /** Accepts connections again, on the same port. */
    void restore() {
        try {
            accept(bind(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        for (Socket s : open) {
            closeQuietly(s);
        }
    }
}
