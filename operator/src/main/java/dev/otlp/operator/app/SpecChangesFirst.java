package dev.otlp.operator.app;

import dev.otlp.operator.api.OtlpExporter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JOSDK's reconcile executor, which runs the reconciliations of exporters whose spec the operator
 * has not acted on yet (new ones, and edited ones: {@code metadata.generation} ahead of
 * {@code status.observedGeneration}) before all others (resyncs, and events of the objects the
 * operator owns). A resync of thousands of exporters queues thousands of reconciliations; a user's
 * change waits behind none of them. Changes run newest first: while thousands of exporters are
 * being created (a bulk apply, or an operator starting on a large fleet), the one a user applies or
 * edits now is reconciled within seconds instead of after all of them; the backlog takes as long to
 * clear either way. The others run in the order handed over.
 *
 * <p>JOSDK does not pass the resource to its executor, but it tells its metrics which resource it
 * hands over just before it does, on the same thread: {@link #noting} reads it there.
 */
final class SpecChangesFirst extends ThreadPoolExecutor {

    private final ThreadLocal<Boolean> nextIsSpecChange = ThreadLocal.withInitial(() -> false);
    private final AtomicLong handedOver = new AtomicLong();

    SpecChangesFirst(int threads) {
        super(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>());
    }

    /** {@code metrics}, with each resource handed to this executor noted on the way. */
    Metrics noting(Metrics metrics) {
        return new ForwardingMetrics(metrics) {
            @Override
            public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
                nextIsSpecChange.set(specNotYetObserved(resource));
                super.reconcileCustomResource(resource, retryInfo, metadata);
            }
        };
    }

    @Override
    public void execute(Runnable reconciliation) {
        boolean specChange = nextIsSpecChange.get();
        nextIsSpecChange.remove();
        super.execute(new Queued(reconciliation, specChange, handedOver.getAndIncrement()));
    }

    static boolean specNotYetObserved(HasMetadata resource) {
        if (resource instanceof OtlpExporter exporter) {
            Long observed = exporter.getStatus() == null ? null : exporter.getStatus().getObservedGeneration();
            return !Objects.equals(observed, exporter.getMetadata().getGeneration());
        }
        return false;
    }

    private record Queued(Runnable reconciliation, boolean specChange, long order) implements Runnable, Comparable<Queued> {

        @Override
        public void run() {
            reconciliation.run();
        }

        @Override
        public int compareTo(Queued other) {
            if (specChange != other.specChange) {
                return specChange ? -1 : 1;
            }
            return specChange ? Long.compare(other.order, order) : Long.compare(order, other.order);
        }
    }
}
