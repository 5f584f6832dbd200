package dev.otlp.operator.app;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.ReceiverApiKeyStatus;
import dev.otlp.operator.secrets.ReceiverApiKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JOSDK's reconcile executor, which runs the reconciliations of exporters whose spec the operator
 * has not acted on yet (new ones; edited ones, {@code metadata.generation} ahead of
 * {@code status.observedGeneration}; and a receiver key rotation asked for and not made) before all others (resyncs, and events of the objects the
 * operator owns). A resync of thousands of exporters queues thousands of reconciliations; a user's
 * change waits behind none of them. Changes run newest first: while thousands of exporters are
 * being created (a bulk apply, or an operator starting on a large fleet), the one a user applies or
 * edits now is reconciled within seconds instead of after all of them; the backlog takes as long to
 * clear either way. The others run in the order handed over.
 *
 * <p>JOSDK does not pass the resource to its executor, but it tells its metrics which resource it
 * hands over just before it does, on the same thread, and of every event it receives: {@link #noting}
 * reads both there. JOSDK queues at most one reconciliation per exporter and only marks the events
 * that arrive while it waits, so an exporter edited while a reconciliation of it waits (a resync, or its first
 * in a bulk apply) has that reconciliation moved up.
 */
final class SpecChangesFirst extends ThreadPoolExecutor {

    private final ThreadLocal<HandOver> next = new ThreadLocal<>();
    private final AtomicLong handedOver = new AtomicLong();
    private final Map<ResourceID, Queued> waiting = new ConcurrentHashMap<>();

    private record HandOver(ResourceID resource, boolean specChange) {
    }

    SpecChangesFirst(int threads) {
        super(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>());
    }

    /** {@code metrics}, with each resource handed to this executor, and each change of a spec, noted on the way. */
    Metrics noting(Metrics metrics) {
        return new ForwardingMetrics(metrics) {
            @Override
            public void receivedEvent(Event event, Map<String, Object> metadata) {
                if (event instanceof ResourceEvent resourceEvent
                        && resourceEvent.getResource().filter(SpecChangesFirst::specNotYetObserved).isPresent()) {
                    moveUp(event.getRelatedCustomResourceID());
                }
                super.receivedEvent(event, metadata);
            }

            @Override
            public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
                next.set(new HandOver(ResourceID.fromResource(resource), specNotYetObserved(resource)));
                super.reconcileCustomResource(resource, retryInfo, metadata);
            }
        };
    }

    @Override
    public void execute(Runnable reconciliation) {
        HandOver handOver = next.get();
        next.remove();
        if (handOver == null) {
            super.execute(new Queued(reconciliation, false, handedOver.getAndIncrement(), null));
            return;
        }
        Queued queued = new Queued(reconciliation, handOver.specChange(), handedOver.getAndIncrement(), handOver.resource());
        waiting.put(handOver.resource(), queued);
        super.execute(queued);
    }

    /**
     * Takes no more reconciliations, drops those waiting, and waits for the running ones to end. The
     * operator stops its informers after this, and JOSDK empties their caches as it does: a
     * reconciliation still running then would take every object it owns for missing and create it again.
     *
     * @return whether every running reconciliation ended within {@code timeout}
     */
    boolean finishRunning(Duration timeout) throws InterruptedException {
        setRejectedExecutionHandler(new DiscardPolicy());
        shutdown();
        getQueue().clear();
        waiting.clear();
        return awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The reconciliation waiting for this exporter, if any, among the spec changes, as the newest of them: also
     * one queued as a spec change long ago (an exporter of a bulk apply, edited before its turn came).
     */
    private synchronized void moveUp(ResourceID resource) {
        Queued queued = waiting.get(resource);
        if (queued != null && getQueue().remove(queued)) {
            Queued movedUp = new Queued(queued.reconciliation(), true, handedOver.getAndIncrement(), resource);
            waiting.put(resource, movedUp);
            getQueue().add(movedUp);
        }
    }

    static boolean specNotYetObserved(HasMetadata resource) {
        if (resource instanceof OtlpExporter exporter) {
            Long observed = exporter.getStatus() == null ? null : exporter.getStatus().getObservedGeneration();
            return !Objects.equals(observed, exporter.getMetadata().getGeneration()) || rotationNotYetHandled(exporter);
        }
        return false;
    }

    /** A receiver key rotation asked for by annotation, which leaves the generation as it is, and not made yet. */
    private static boolean rotationNotYetHandled(OtlpExporter exporter) {
        ReceiverApiKeyStatus keys = exporter.getStatus() == null ? null : exporter.getStatus().getReceiverApiKey();
        String requested = exporter.getMetadata().getAnnotations() == null ? null
                : exporter.getMetadata().getAnnotations().get(ReceiverApiKeys.ROTATE_ANNOTATION);
        return keys != null && requested != null && !requested.equals(keys.getRotationHandled());
    }

    private final class Queued implements Runnable, Comparable<Queued> {

        private final Runnable reconciliation;
        private final boolean specChange;
        private final long order;
        private final ResourceID resource;

        Queued(Runnable reconciliation, boolean specChange, long order, ResourceID resource) {
            this.reconciliation = reconciliation;
            this.specChange = specChange;
            this.order = order;
            this.resource = resource;
        }

        Runnable reconciliation() {
            return reconciliation;
        }

        boolean specChange() {
            return specChange;
        }

        @Override
        public void run() {
            if (resource != null) {
                waiting.remove(resource, this);
            }
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
