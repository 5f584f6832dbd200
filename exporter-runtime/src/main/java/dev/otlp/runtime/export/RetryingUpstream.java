package dev.otlp.runtime.export;

import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Delivers batches through a {@link Transport}, retrying retryable failures up to
 * {@code retry_attempts} times with {@link Backoff}, or after the delay the server asked for.
 * Retries are timers on a scheduler; no thread waits. A refused OAuth2 token is renewed and the
 * batch sent once more.
 */
public final class RetryingUpstream implements Upstream {

    private final Transport transport;
    private final int maxRetries;
    private final Backoff backoff;
    private final RuntimeMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final RequestHeaders headers;
    private final Set<Exchange> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** One batch on its way, across attempts. */
    private final class Exchange {
        final Signal signal;
        final byte[] request;
        final int items;
        final CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        int retries;
        boolean renewedCredentials;
        volatile ScheduledFuture<?> timer;

        Exchange(Signal signal, byte[] request, int items) {
            this.signal = signal;
            this.request = request;
            this.items = items;
        }

        void finish(Delivery result) {
            if (delivery.complete(result)) {
                pending.remove(this);
            }
        }
    }

    /**
     * @param scheduler runs the retries; shut down by {@link #close()}
     * @param headers   the headers of every attempt, credentials included
     */
    RetryingUpstream(Transport transport, int maxRetries, Backoff backoff, RuntimeMetrics metrics,
                     ScheduledExecutorService scheduler, RequestHeaders headers) {
        this.transport = transport;
        this.maxRetries = Math.max(0, maxRetries);
        this.backoff = backoff;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.headers = headers;
    }

    @Override
    public CompletableFuture<Delivery> send(Signal signal, byte[] request, int items) {
        Exchange exchange = new Exchange(signal, request, items);
        pending.add(exchange);
        attempt(exchange);
        return exchange.delivery;
    }

    private void attempt(Exchange exchange) {
        if (closed) {
            exchange.finish(shutdown(exchange));
            return;
        }
        headers.resolve().whenComplete((resolved, unavailable) -> {
            if (unavailable != null) {
                handle(exchange, null, new Attempt.Retryable("oauth2_token", Causes.rootMessage(unavailable)));
                return;
            }
            CompletableFuture<Attempt> attempt;
            try {
                attempt = transport.attempt(exchange.signal, exchange.request, resolved);
            } catch (RuntimeException e) {
                attempt = CompletableFuture.failedFuture(e);
            }
            attempt.whenComplete((outcome, error) -> handle(exchange, resolved,
                    error == null ? outcome : new Attempt.Permanent("internal", Causes.rootMessage(error))));
        });
    }

    private void handle(Exchange exchange, Map<String, String> sentHeaders, Attempt outcome) {
        if (exchange.delivery.isDone()) {
            return;
        }
        if (outcome instanceof Attempt.Accepted accepted) {
            exchange.finish(accepted(exchange.items, accepted));
        } else if (outcome instanceof Attempt.Retryable retryable) {
            metrics.exportAttemptFailed(exchange.signal, retryable.reason());
            if (exchange.retries < maxRetries) {
                retry(exchange, retryable.throttle() != null ? retryable.throttle() : backoff.delay(exchange.retries));
            } else {
                exchange.finish(Delivery.failed(exchange.items, retryable.reason(), retryable.message()));
            }
        } else if (outcome instanceof Attempt.Permanent permanent) {
            metrics.exportAttemptFailed(exchange.signal, permanent.reason());
            if (permanent.reason().equals(Attempt.UNAUTHENTICATED) && headers.renewable() && !exchange.renewedCredentials) {
                exchange.renewedCredentials = true;
                headers.refused(sentHeaders);
                metrics.exportRetried(exchange.signal);
                attempt(exchange);
            } else {
                exchange.finish(Delivery.failed(exchange.items, permanent.reason(), permanent.message()));
            }
        }
    }

    private static Delivery accepted(int items, Attempt.Accepted accepted) {
        if (accepted.rejected() <= 0) {
            return Delivery.success(items);
        }
        int rejected = (int) Math.min(items, accepted.rejected());
        return new Delivery(items - rejected, rejected, "partial_success", accepted.message());
    }

    private void retry(Exchange exchange, Duration delay) {
        exchange.retries++;
        metrics.exportRetried(exchange.signal);
        try {
            exchange.timer = scheduler.schedule(() -> attempt(exchange), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            exchange.finish(shutdown(exchange));
            return;
        }
        if (closed) {
            exchange.timer.cancel(false);
            exchange.finish(shutdown(exchange));
        }
    }

    private static Delivery shutdown(Exchange exchange) {
        return Delivery.failed(exchange.items, "shutdown", "the upstream was closed before the batch was delivered");
    }

    @Override
    public int activeConnections() {
        return transport.activeConnections();
    }

    @Override
    public void close() {
        closed = true;
        for (Exchange exchange : pending) {
            ScheduledFuture<?> timer = exchange.timer;
            if (timer != null) {
                timer.cancel(false);
            }
            exchange.finish(shutdown(exchange));
        }
        scheduler.shutdownNow();
        transport.close();
    }
}
