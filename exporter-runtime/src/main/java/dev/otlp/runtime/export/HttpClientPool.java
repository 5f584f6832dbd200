package dev.otlp.runtime.export;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A few {@link HttpClient}s used in turn, each replaced once older than {@code max_lifetime}
 * (less up to 10 % jitter), so that new connections spread over the upstream's replicas. A
 * replaced client finishes its exchanges and is then collected with its connections.
 */
final class HttpClientPool implements AutoCloseable {

    private record Generation(HttpClient client, long openedAtNanos, long lifetimeNanos) {
        boolean expired(long now) {
            return lifetimeNanos > 0 && now - openedAtNanos >= lifetimeNanos;
        }
    }

    private final Supplier<HttpClient> factory;
    private final long lifetimeNanos;
    private final Generation[] generations;
    private int next;
    private boolean closed;

    HttpClientPool(Supplier<HttpClient> factory, int size, Duration maxLifetime) {
        this.factory = factory;
        this.lifetimeNanos = maxLifetime.isNegative() ? 0 : maxLifetime.toNanos();
        this.generations = new Generation[Math.max(1, size)];
        for (int i = 0; i < generations.length; i++) {
            generations[i] = open();
        }
    }

    /** @throws IllegalStateException once closed */
    synchronized HttpClient next() {
        if (closed) {
            throw new IllegalStateException("the HTTP upstream is closed");
        }
        int slot = next;
        next = (next + 1) % generations.length;
        if (generations[slot].expired(System.nanoTime())) {
            generations[slot] = open();
        }
        return generations[slot].client();
    }

    private Generation open() {
        long jitter = lifetimeNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(lifetimeNanos / 10 + 1);
        return new Generation(factory.get(), System.nanoTime(), lifetimeNanos - jitter);
    }

    /** Drops the clients; on Java 17 an {@link HttpClient} closes its connections once unreachable. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = 0; i < generations.length; i++) {
            generations[i] = null;
        }
    }
}
