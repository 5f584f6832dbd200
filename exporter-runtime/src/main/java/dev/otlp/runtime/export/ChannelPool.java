package dev.otlp.runtime.export;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * gRPC channels to the upstream. {@code min} channels connect eagerly; another one (up to
 * {@code max}) opens when every channel has a call in flight. Calls go to the least-loaded
 * channel, ties broken round-robin. A channel older than its lifetime (the configured one, less
 * up to 10 % jitter so that channels do not all turn over together) takes no new calls: it is
 * replaced (or, above {@code min}, dropped) and shut down once its last call finishes, so a
 * Service's replicas share the load. A lifetime of zero keeps channels for good.
 */
final class ChannelPool implements AutoCloseable {

    /** A channel and the calls it carries. */
    static final class Pooled {
        final ManagedChannel channel;
        private final long openedAtNanos = System.nanoTime();
        private final long lifetimeNanos;
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile boolean retired;

        private Pooled(ManagedChannel channel, long lifetimeNanos) {
            this.channel = channel;
            this.lifetimeNanos = lifetimeNanos;
        }

        private boolean expired(long now) {
            return lifetimeNanos > 0 && now - openedAtNanos >= lifetimeNanos;
        }

        private void retire() {
            retired = true;
            if (inFlight.get() == 0) {
                channel.shutdown();
            }
        }
    }

    private final Supplier<ManagedChannel> factory;
    private final int min;
    private final int max;
    private final long lifetimeNanos;
    private final List<Pooled> channels = new ArrayList<>();
    private int next;
    private boolean closed;

    ChannelPool(Supplier<ManagedChannel> factory, int min, int max, Duration maxLifetime) {
        this.factory = factory;
        this.max = Math.max(1, max);
        this.min = Math.max(1, Math.min(min, this.max));
        this.lifetimeNanos = maxLifetime.isNegative() ? 0 : maxLifetime.toNanos();
        synchronized (this) {
            for (int i = 0; i < this.min; i++) {
                channels.add(open());
            }
        }
    }

    /** A channel for one call; hand it back with {@link #release(Pooled)} when the call ends. */
    synchronized Pooled acquire() {
        if (closed) {
            throw new IllegalStateException("channel pool is closed");
        }
        replaceExpired();
        Pooled best = null;
        for (int i = 0; i < channels.size(); i++) {
            Pooled candidate = channels.get((next + i) % channels.size());
            if (best == null || candidate.inFlight.get() < best.inFlight.get()) {
                best = candidate;
            }
        }
        next = (next + 1) % channels.size();
        if (best.inFlight.get() > 0 && channels.size() < max) {
            best = open();
            channels.add(best);
        }
        best.inFlight.incrementAndGet();
        return best;
    }

    void release(Pooled pooled) {
        if (pooled.inFlight.decrementAndGet() == 0 && pooled.retired) {
            pooled.channel.shutdown();
        }
    }

    private void replaceExpired() {
        long now = System.nanoTime();
        for (int i = channels.size() - 1; i >= 0; i--) {
            Pooled pooled = channels.get(i);
            if (pooled.expired(now)) {
                pooled.retire();
                if (channels.size() <= min) {
                    channels.set(i, open());
                } else {
                    channels.remove(i);
                }
            }
        }
    }

    private Pooled open() {
        ManagedChannel channel = factory.get();
        channel.getState(true);
        long jitter = lifetimeNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(lifetimeNanos / 10 + 1);
        return new Pooled(channel, lifetimeNanos - jitter);
    }

    /** Ends every channel's reconnect back-off, so that a returning upstream is reached at once. */
    synchronized void resetConnectBackoff() {
        for (Pooled pooled : channels) {
            pooled.channel.resetConnectBackoff();
        }
    }

    /** Channels with an established connection. */
    synchronized int ready() {
        int ready = 0;
        for (Pooled pooled : channels) {
            if (pooled.channel.getState(false) == ConnectivityState.READY) {
                ready++;
            }
        }
        return ready;
    }

    @Override
    public void close() {
        List<Pooled> open;
        synchronized (this) {
            closed = true;
            open = List.copyOf(channels);
            channels.clear();
        }
        for (Pooled pooled : open) {
            pooled.channel.shutdownNow();
        }
        for (Pooled pooled : open) {
            try {
                pooled.channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
