package dev.otlp.runtime.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Kubernetes Service in miniature: a TCP proxy that spreads new connections round-robin over the backends
 * whose {@code /ready} answered 200 at the last poll, as the endpoints controller and kube-proxy do. A
 * connection stays with its backend once made, however that backend's readiness changes, as conntrack keeps
 * it. It counts the HTTP/1.1 responses with status 503 that pass through: requests refused and retried (of
 * OTLP/HTTP; an OTLP/gRPC Service's refusals travel in HTTP/2 frames that it does not read).
 */
final class ServiceProxy implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final byte[] REFUSED = "HTTP/1.1 503 ".getBytes(StandardCharsets.US_ASCII);

    /** A runtime behind the Service: the port the Service forwards to, and the health port its readiness is read from. */
    record Backend(int port, int healthPort) {
    }

    private final ServerSocket listener;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<Backend> backends = new CopyOnWriteArrayList<>();
    private final Map<Backend, Boolean> ready = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    ServiceProxy() throws IOException {
        listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        daemon("service-accept", this::accept);
        daemon("service-endpoints", this::pollReadiness);
    }

    String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    void add(Backend backend) {
        backends.add(backend);
    }

    void remove(Backend backend) {
        backends.remove(backend);
        ready.remove(backend);
    }

    /** Whether the Service sends new connections to {@code backend} now. */
    boolean routesTo(Backend backend) {
        return ready.getOrDefault(backend, false);
    }

    /** HTTP responses with status 503 seen so far. */
    long refusedResponses() {
        return refused.get();
    }

    private void pollReadiness() {
        while (!closed) {
            for (Backend backend : backends) {
                ready.put(backend, isReady(backend));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean isReady(Backend backend) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backend.healthPort() + "/ready"))
                    .timeout(Duration.ofSeconds(1)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                List<Backend> endpoints = backends.stream().filter(this::routesTo).toList();
                if (endpoints.isEmpty()) {
                    client.close();
                    continue;
                }
                Backend backend = endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size()));
                Socket upstream = new Socket();
                sockets.add(upstream);
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backend.port()), 1000);
                daemon("service-request", () -> pipe(client, upstream, false));
                daemon("service-response", () -> pipe(upstream, client, true));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean responses) {
        byte[] buffer = new byte[16 * 1024];
        byte[] carried = new byte[0];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                if (responses) {
                    carried = countRefusals(carried, buffer, read);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException closedOnEitherSide) {
            // the other direction's pipe closes its sockets too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Counts status lines in this chunk, with the previous chunk's tail so that none is split unseen. */
    private byte[] countRefusals(byte[] carried, byte[] chunk, int length) {
        byte[] window = new byte[carried.length + length];
        System.arraycopy(carried, 0, window, 0, carried.length);
        System.arraycopy(chunk, 0, window, carried.length, length);
        for (int i = 0; i + REFUSED.length <= window.length; i++) {
            if (startsAt(window, i)) {
                refused.incrementAndGet();
            }
        }
        int keep = Math.min(REFUSED.length - 1, window.length);
        byte[] tail = new byte[keep];
        System.arraycopy(window, window.length - keep, tail, 0, keep);
        return tail;
    }

    private static boolean startsAt(byte[] window, int offset) {
        for (int j = 0; j < REFUSED.length; j++) {
            if (window[offset + j] != REFUSED[j]) {
                return false;
            }
        }
        return true;
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        sockets.forEach(ServiceProxy::closeQuietly);
    }
}
