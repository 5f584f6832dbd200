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
 * within one retry delay of the upstream's return, and once one batch gets through every batch
 * waiting for its retry is sent at once. Retries are timers on a scheduler; no thread waits. A
 * refused OAuth2 token is renewed and the batch sent again at once.
 */
public final class RetryingUpstream implements Upstream {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    /** An export request with no resource: valid OTLP that delivers nothing. */
    private static final byte[] EMPTY_EXPORT = new byte[0];

    private final Transport transport;
    private final int quickRetries;
    private final Backoff backoff;
    private final RuntimeMetrics metrics;
    private final UpstreamHealth health;
    private final ScheduledExecutorService scheduler;
    private final RequestHeaders headers;
    private final Set<Exchange> pending = ConcurrentHashMap.newKeySet();
    private final Set<Exchange> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** Another upstream is active: a batch whose attempt fails here is handed over instead of retried here. */
    private volatile boolean standby;
    /** {@link System#nanoTime()} when the upstream last took a batch. */
    private volatile long lastAcceptedNanos = System.nanoTime() - Long.MAX_VALUE / 2;

    /** One batch on its way, across attempts. */
    private final class Exchange {
        final Signal signal;
        final byte[] request;
        final int items;
        final long expiresAtMillis;
        final CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        int retries;
        boolean renewedCredentials;
        /** Waiting as long as the server asked: not woken early when another batch gets through. */
        boolean throttled;
        volatile long attemptStartNanos;
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

        void handOver() {
            if (delivery.completeExceptionally(HandedOverException.INSTANCE)) {
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
            exchange.attemptStartNanos = System.nanoTime();
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
            lastAcceptedNanos = System.nanoTime();
            health.delivered();
            exchange.finish(accepted(exchange.items, accepted));
            retryWaitingNow();
        } else if (outcome instanceof Attempt.Retryable retryable) {
            metrics.exportAttemptFailed(exchange.signal, retryable.reason());
            health.unreachable(retryable.reason(), retryable.message());
            exchange.throttled = retryable.throttle() != null;
            holdAndRetry(exchange, retryDelay(exchange, retryable), retryable.message());
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
            exchange.throttled = false;
            holdAndRetry(exchange, backoff.capped(), blocked.message());
        } else if (outcome instanceof Attempt.Rejected rejected) {
            metrics.exportAttemptFailed(exchange.signal, rejected.reason());
            health.delivered();
            exchange.finish(Delivery.rejected(exchange.items, rejected.reason(), rejected.message()));
        }
    }

    /**
     * The server's throttle; else the first retry's delay when the upstream took another batch
     * while this attempt was on its way (it is back); else the quick retries' growing delays;
     * then the capped one.
     */
    private Duration retryDelay(Exchange exchange, Attempt.Retryable retryable) {
        if (retryable.throttle() != null) {
            return retryable.throttle();
        }
        if (lastAcceptedNanos - exchange.attemptStartNanos > 0) {
            return backoff.delay(0);
        }
        return exchange.retries < quickRetries ? backoff.delay(exchange.retries) : backoff.capped();
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
        if (standby) {
            exchange.handOver();
            return;
        }
        exchange.retries++;
        metrics.exportRetried(exchange.signal);
        waiting.add(exchange);
        try {
            exchange.timer = scheduler.schedule(() -> retryNow(exchange), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            waiting.remove(exchange);
            exchange.finish(Delivery.unsent(exchange.items));
            return;
        }
        if (closed) {
            exchange.timer.cancel(false);
            exchange.finish(Delivery.unsent(exchange.items));
        } else if (standby && exchange.timer.cancel(false) && waiting.remove(exchange)) {
            exchange.handOver();
        }
    }

    /**
     * Makes this upstream a standby (another one is active) or the active one again. A standby hands over
     * every batch whose attempt fails from now on: its future completes with {@link HandedOverException},
     * for the active upstream to send. An attempt on the wire is never handed over, so no batch is on its
     * way to two upstreams.
     */
    void standBy(boolean standby) {
        this.standby = standby;
    }

    /** A standby hands over every batch waiting for its retry here, at once. */
    void handOverWaiting() {
        for (Exchange exchange : waiting) {
            ScheduledFuture<?> timer = exchange.timer;
            if (!standby) {
                return;
            }
            if (timer != null && timer.cancel(false) && waiting.remove(exchange)) {
                exchange.handOver();
            }
        }
    }

    /**
     * Whether the upstream takes an export now: one attempt of an empty trace export, which carries no
     * data, with this upstream's credentials. A success counts as a delivery for its health.
     */
    CompletableFuture<Boolean> probe() {
        transport.resetConnectBackoff();
        return headers.resolve()
                .thenCompose(resolved -> transport.attempt(Signal.TRACES, EMPTY_EXPORT, resolved))
                .handle((outcome, error) -> {
                    boolean accepted = error == null && outcome instanceof Attempt.Accepted;
                    if (accepted) {
                        health.delivered();
                    }
                    return accepted;
                });
    }

    private void retryNow(Exchange exchange) {
        if (!waiting.remove(exchange)) {
            return;
        }
        if (standby) {
            exchange.handOver();
            return;
        }
        transport.resetConnectBackoff();
        attempt(exchange);
    }

    /**
     * The upstream took a batch: batches waiting out a back-off of up to {@code max_retry_delay}
     * are sent now, so that a backlog drains as soon as the upstream is back. Batches the server
     * throttled keep waiting as long as it asked.
     */
    private void retryWaitingNow() {
        for (Exchange exchange : waiting) {
            ScheduledFuture<?> timer = exchange.timer;
            if (!exchange.throttled && timer != null && timer.cancel(false)) {
                try {
                    scheduler.execute(() -> retryNow(exchange));
                } catch (RejectedExecutionException stopped) {
                    waiting.remove(exchange);
                    exchange.finish(Delivery.unsent(exchange.items));
                }
            }
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
