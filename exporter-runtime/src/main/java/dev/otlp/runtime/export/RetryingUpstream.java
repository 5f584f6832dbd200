package dev.otlp.runtime.export;

import dev.otlp.runtime.export.UpstreamHealth.BlockReason;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers batches through a {@link Transport} and never gives one up while it may still get
 * through: retryable failures are retried with {@link Backoff} ({@code retry_attempts} quick
 * retries, then at the capped delay) or after the delay the server asked for; a blocked upstream
 * (credentials, permissions, address, TLS) is retried at the capped delay until it is fixed. Only
 * the upstream's refusal of the data itself ends a batch undelivered, or {@code [queue] max_age}
 * when set. Every retry first resets the transport's reconnect back-off, so delivery resumes
 * within one retry delay of the upstream's return. Retries are timers on a scheduler; no thread
 * waits. A refused OAuth2 token is renewed and the batch sent again at once.
 */
public final class RetryingUpstream implements Upstream {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final Transport transport;
    private final int quickRetries;
    private final Backoff backoff;
    private final RuntimeMetrics metrics;
    private final UpstreamHealth health;
    private final ScheduledExecutorService scheduler;
    private final RequestHeaders headers;
    private final Set<Exchange> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** One batch on its way, across attempts. */
    private final class Exchange {
        final Signal signal;
        final byte[] request;
        final int items;
        final long expiresAtMillis;
        final CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        int retries;
        boolean renewedCredentials;
        volatile ScheduledFuture<?> timer;

        Exchange(Signal signal, byte[] request, int items, long expiresAtMillis) {
            this.signal = signal;
            this.request = request;
            this.items = items;
            this.expiresAtMillis = expiresAtMillis;
        }

        void finish(Delivery result) {
            if (delivery.complete(result)) {
                pending.remove(this);
            }
        }
    }

    /**
     * @param quickRetries retries at growing delays before the batch is retried at the capped delay
     * @param scheduler    runs the retries; shut down by {@link #close()}
     * @param headers      the headers of every attempt, credentials included
     */
    RetryingUpstream(Transport transport, int quickRetries, Backoff backoff, RuntimeMetrics metrics, UpstreamHealth health,
                     ScheduledExecutorService scheduler, RequestHeaders headers) {
        this.transport = transport;
        this.quickRetries = Math.max(0, quickRetries);
        this.backoff = backoff;
        this.metrics = metrics;
        this.health = health;
        this.scheduler = scheduler;
        this.headers = headers;
    }

    @Override
    public CompletableFuture<Delivery> send(Signal signal, byte[] request, int items, long expiresAtMillis) {
        Exchange exchange = new Exchange(signal, request, items, expiresAtMillis);
        pending.add(exchange);
        attempt(exchange);
        return exchange.delivery;
    }

    private void attempt(Exchange exchange) {
        if (closed) {
            exchange.finish(Delivery.unsent(exchange.items));
            return;
        }
        headers.resolve().whenComplete((resolved, unavailable) -> {
            if (unavailable != null) {
                String message = Causes.rootMessage(unavailable);
                handle(exchange, null, Causes.find(unavailable, OAuth2TokenSource.TokenRefusedException.class) != null
                        ? new Attempt.Blocked(BlockReason.UNAUTHENTICATED, message)
                        : new Attempt.Retryable("oauth2_token", message));
                return;
            }
            CompletableFuture<Attempt> attempt;
            try {
                attempt = transport.attempt(exchange.signal, exchange.request, resolved);
            } catch (RuntimeException e) {
                attempt = CompletableFuture.failedFuture(e);
            }
            attempt.whenComplete((outcome, error) -> handle(exchange, resolved,
                    error == null ? outcome : new Attempt.Retryable("internal", Causes.rootMessage(error))));
        });
    }

    private void handle(Exchange exchange, Map<String, String> sentHeaders, Attempt outcome) {
        if (exchange.delivery.isDone()) {
            return;
        }
        if (outcome instanceof Attempt.Accepted accepted) {
            health.delivered();
            exchange.finish(accepted(exchange.items, accepted));
        } else if (outcome instanceof Attempt.Retryable retryable) {
            metrics.exportAttemptFailed(exchange.signal, retryable.reason());
            health.unreachable(retryable.reason(), retryable.message());
            Duration delay = retryable.throttle() != null ? retryable.throttle()
                    : exchange.retries < quickRetries ? backoff.delay(exchange.retries) : backoff.capped();
            holdAndRetry(exchange, delay, retryable.message());
        } else if (outcome instanceof Attempt.Blocked blocked) {
            metrics.exportAttemptFailed(exchange.signal, blocked.reason().label());
            if (blocked.reason() == BlockReason.UNAUTHENTICATED && headers.renewable() && !exchange.renewedCredentials
                    && sentHeaders != null) {
                exchange.renewedCredentials = true;
                headers.refused(sentHeaders);
                metrics.exportRetried(exchange.signal);
                attempt(exchange);
                return;
            }
            health.blocked(blocked.reason(), blocked.message());
            holdAndRetry(exchange, backoff.capped(), blocked.message());
        } else if (outcome instanceof Attempt.Rejected rejected) {
            metrics.exportAttemptFailed(exchange.signal, rejected.reason());
            health.delivered();
            exchange.finish(Delivery.rejected(exchange.items, rejected.reason(), rejected.message()));
        }
    }

    private static Delivery accepted(int items, Attempt.Accepted accepted) {
        if (accepted.rejected() <= 0) {
            return Delivery.success(items);
        }
        return Delivery.partial(items, (int) Math.min(items, accepted.rejected()), accepted.message());
    }

    private void holdAndRetry(Exchange exchange, Duration delay, String lastFailure) {
        if (closed) {
            exchange.finish(Delivery.unsent(exchange.items));
            return;
        }
        if (System.currentTimeMillis() >= exchange.expiresAtMillis) {
            exchange.finish(Delivery.expired(exchange.items, lastFailure));
            return;
        }
        exchange.retries++;
        metrics.exportRetried(exchange.signal);
        try {
            exchange.timer = scheduler.schedule(() -> {
                transport.resetConnectBackoff();
                attempt(exchange);
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            exchange.finish(Delivery.unsent(exchange.items));
            return;
        }
        if (closed) {
            exchange.timer.cancel(false);
            exchange.finish(Delivery.unsent(exchange.items));
        }
    }

    @Override
    public int activeConnections() {
        return transport.activeConnections();
    }

    /**
     * Stops retrying: batches waiting for a retry end unsent at once, and attempts on the wire get
     * a few seconds to be answered, so that a batch the upstream took is never counted as lost.
     */
    @Override
    public void close() {
        closed = true;
        for (Exchange exchange : pending) {
            ScheduledFuture<?> timer = exchange.timer;
            if (timer != null && timer.cancel(false)) {
                exchange.finish(Delivery.unsent(exchange.items));
            }
        }
        try {
            CompletableFuture.allOf(pending.stream().map(e -> e.delivery).toArray(CompletableFuture[]::new))
                    .get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // what is still on the wire ends unsent below
        }
        scheduler.shutdownNow();
        transport.close();
        pending.forEach(exchange -> exchange.finish(Delivery.unsent(exchange.items)));
    }
}
