package dev.otlp.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Relays TCP connections to a backend, so that a test can reset a client's connection on
 * purpose, or count the connections clients made: gRPC servers give no access to their sockets.
 */
public final class TcpRelay implements AutoCloseable {

    private record Pair(Socket client, Socket backend) {
    }

    private final ServerSocket listener;
    private volatile InetSocketAddress backend;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-upstream-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Integer, Pair> byBackendPort = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean down;

    public TcpRelay(InetSocketAddress backend) throws IOException {
        this.backend = backend;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Relays connections made from now on to {@code backend}; open ones stay with the backend they reached. */
    public void retarget(InetSocketAddress backend) {
        this.backend = backend;
    }

    /** Connections clients opened through the relay since it started. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** The client's address behind the relay connection that reaches the backend from {@code backendSidePort}. */
    String clientAddress(int backendSidePort) {
        Pair pair = byBackendPort.get(backendSidePort);
        return pair == null ? "unknown:" + backendSidePort : pair.client().getRemoteSocketAddress().toString();
    }

    /** Resets the client's connection (RST) and drops the backend's. */
    void reset(int backendSidePort) {
        Pair pair = byBackendPort.remove(backendSidePort);
        if (pair != null) {
            try {
                pair.client().setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing still tears it down
            }
            closeQuietly(pair.client());
            closeQuietly(pair.backend());
        }
    }

    /** Resets every connection, and each new one as soon as it is made, until {@link #up()}: a collector that is gone. */
    void down() {
        down = true;
        byBackendPort.keySet().forEach(this::reset);
    }

    void up() {
        down = false;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                if (down) {
                    client.setSoLinger(true, 0);
                    closeQuietly(client);
                    continue;
                }
                InetSocketAddress target = backend;
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Pair pair = new Pair(client, upstream);
                byBackendPort.put(upstream.getLocalPort(), pair);
                threads.execute(() -> pump(client, upstream, pair));
                threads.execute(() -> pump(upstream, client, pair));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, Pair pair) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the other direction or a reset ended the connection
        } finally {
            closeQuietly(pair.client());
            closeQuietly(pair.backend());
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        byBackendPort.values().forEach(pair -> {
            closeQuietly(pair.client());
            closeQuietly(pair.backend());
        });
        threads.shutdownNow();
    }
}
