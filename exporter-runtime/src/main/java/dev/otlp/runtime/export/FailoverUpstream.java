package dev.otlp.runtime.export;

import dev.otlp.runtime.config.FailoverConfig;
import dev.otlp.runtime.otlp.Signal;
import dev.otlp.runtime.telemetry.RuntimeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The primary upstream and its {@code [[otlp.failover]]} secondaries, one active at a time. Every batch
 * goes to the active one. After {@code failover_after} consecutive failed attempts there, or at once when
 * it refuses this runtime (401, 403, 404, TLS), the first other upstream in order that has not failed
 * within the last {@code failback_probe_interval} becomes active, and the batches waiting for a retry on
 * the old one move to it; when every one has failed, the data stays where it is and back-pressure
 * follows as with one upstream. While a secondary is active the primary is probed every
 * {@code failback_probe_interval} and the runtime fails back when a probe succeeds. That interval is also
 * the hold-down: the primary is never failed back to twice within one interval, so a flapping primary
 * costs at most two switches per interval.
 */
public final class FailoverUpstream implements Upstream {

    private static final Logger log = LoggerFactory.getLogger(FailoverUpstream.class);

    /** One upstream of the list: {@code primary}, {@code failover-1}, {@code failover-2}... */
    static final class Member {
        private final String name;
        private final RetryingUpstream upstream;
        private final UpstreamHealth health;
        private final Map<String, String> named;
        private final AtomicInteger consecutiveFailures = new AtomicInteger();
        /** {@link System#nanoTime()} until which it counts as down, after it failed. */
        private volatile long downUntilNanos = System.nanoTime();

        Member(String name, String endpoint, RetryingUpstream upstream, UpstreamHealth health) {
            this.name = name;
            this.upstream = upstream;
            this.health = health;
            this.named = Map.of("active", name, "endpoint", endpoint);
        }

        RetryingUpstream upstream() {
            return upstream;
        }
    }

    private final List<Member> members;
    private final Member primary;
    private final int failoverAfter;
    private final Duration probeInterval;
    private final UpstreamHealth reported;
    private final RuntimeMetrics metrics;
    private final ScheduledExecutorService prober;
    private volatile Member active;
    private ScheduledFuture<?> probes;
    private volatile boolean closed;

    /**
     * @param members  the primary first, then the secondaries in order
     * @param reported the health the runtime reports, which follows the active upstream's
     * @param prober   runs the probes of the primary; shut down by {@link #close()}
     */
    FailoverUpstream(List<Member> members, FailoverConfig config, UpstreamHealth reported, RuntimeMetrics metrics,
                     ScheduledExecutorService prober) {
        this.members = List.copyOf(members);
        this.primary = this.members.get(0);
        this.active = primary;
        this.failoverAfter = config.failoverAfter();
        this.probeInterval = config.failbackProbeInterval();
        this.reported = reported;
        this.metrics = metrics;
        this.prober = prober;
        for (Member member : this.members) {
            member.upstream.standBy(member != primary);
            member.health.listen(new Outcomes(member));
            metrics.upstreamActiveGauge(member.name, () -> active == member);
        }
        reported.follow(primary.health, primary.named);
    }

    /** Counts the member's attempts and switches away from it when they say it is down. */
    private final class Outcomes implements UpstreamHealth.Listener {
        private final Member member;

        Outcomes(Member member) {
            this.member = member;
        }

        @Override
        public void succeeded() {
            member.consecutiveFailures.set(0);
            report(member);
        }

        @Override
        public void failed() {
            if (member.consecutiveFailures.incrementAndGet() >= failoverAfter) {
                leave(member, member.consecutiveFailures.get() + " consecutive export attempts failed");
            }
            report(member);
        }

        @Override
        public void refused() {
            leave(member, "it refuses this runtime");
            report(member);
        }
    }

    private void report(Member member) {
        if (active == member) {
            reported.follow(member.health, member.named);
        }
    }

    @Override
    public CompletableFuture<Delivery> send(Signal signal, byte[] request, int items, long expiresAtMillis) {
        CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        sendVia(active, signal, request, items, expiresAtMillis, delivery);
        return delivery;
    }

    private void sendVia(Member member, Signal signal, byte[] request, int items, long expiresAtMillis,
                         CompletableFuture<Delivery> delivery) {
        member.upstream.send(signal, request, items, expiresAtMillis).whenComplete((result, error) -> {
            if (error == null) {
                delivery.complete(result);
            } else if (unwrap(error) instanceof HandedOverException && !closed) {
                sendVia(active, signal, request, items, expiresAtMillis, delivery);
            } else if (unwrap(error) instanceof HandedOverException) {
                delivery.complete(Delivery.unsent(items));
            } else {
                delivery.completeExceptionally(error);
            }
        });
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** {@code member} failed: it counts as down for one probe interval, and if it is the active one, another takes over. */
    private void leave(Member member, String why) {
        synchronized (this) {
            member.downUntilNanos = System.nanoTime() + probeInterval.toNanos();
            if (active != member || closed) {
                return;
            }
            Member next = members.stream().filter(m -> m != member && System.nanoTime() - m.downUntilNanos >= 0)
                    .findFirst().orElse(null);
            if (next == null) {
                return;
            }
            log.warn("failing over from upstream {} to {} ({}): {}", member.name, next.name, next.named.get("endpoint"), why);
            activate(next, member);
        }
        member.upstream.handOverWaiting();
    }

    private void failBack() {
        Member previous;
        synchronized (this) {
            previous = active;
            if (previous == primary || closed) {
                return;
            }
            log.info("failing back from upstream {} to primary ({}): a probe succeeded", previous.name,
                    primary.named.get("endpoint"));
            primary.downUntilNanos = System.nanoTime();
            activate(primary, previous);
        }
        previous.upstream.handOverWaiting();
    }

    /**
     * Under the lock: makes {@code next} the active upstream and {@code previous} a standby, whose waiting
     * batches the caller hands over once out of the lock; probes the primary while it is not active.
     */
    private void activate(Member next, Member previous) {
        next.consecutiveFailures.set(0);
        next.upstream.standBy(false);
        previous.upstream.standBy(true);
        active = next;
        metrics.upstreamSwitched();
        reported.follow(next.health, next.named);
        if (probes != null) {
            probes.cancel(false);
            probes = null;
        }
        if (next != primary) {
            try {
                probes = prober.scheduleWithFixedDelay(this::probePrimary, probeInterval.toNanos(), probeInterval.toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                probes = null;
            }
        }
    }

    private void probePrimary() {
        try {
            if (primary.upstream.probe().get(probeInterval.toNanos(), TimeUnit.NANOSECONDS)) {
                failBack();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception failed) {
            log.debug("probe of the primary upstream failed", failed);
        }
    }

    @Override
    public int activeConnections() {
        return members.stream().mapToInt(member -> member.upstream.activeConnections()).sum();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (probes != null) {
                probes.cancel(false);
            }
        }
        prober.shutdownNow();
        members.forEach(member -> member.upstream.close());
    }
}
