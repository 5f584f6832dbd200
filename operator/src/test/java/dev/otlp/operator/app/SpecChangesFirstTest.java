package dev.otlp.operator.app;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.api.OtlpExporterStatus;
import dev.otlp.operator.api.ReceiverApiKeyStatus;
import dev.otlp.operator.secrets.ReceiverApiKeys;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliations of a spec the operator has not acted on (a new exporter, an edited one) run
 * before those queued for settled exporters (resyncs), however many of those wait, the newest
 * change first; the others in the order JOSDK handed them over.
 */
class SpecChangesFirstTest {

    private final SpecChangesFirst executor = new SpecChangesFirst(1);
    private final Metrics metrics = executor.noting(Metrics.NOOP);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void newAndEditedExportersRunBeforeTheResyncsQueuedAheadOfThem() throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        executor.execute(() -> await(busy));
        for (int i = 0; i < 500; i++) {
            handOver(exporter("settled-" + i, 3L, 3L));
        }
        for (int i = 0; i < 300; i++) {
            handOver(exporter("bulk-" + i, 1L, null));
        }
        handOver(exporter("settled-500", 2L, 2L));
        handOver(exporter("applied-now", 1L, null));
        handOver(exporter("edited-now", 5L, 4L));
        busy.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(ran).hasSize(803);
        assertThat(ran.subList(0, 4)).containsExactly("edited-now", "applied-now", "bulk-299", "bulk-298");
        assertThat(ran.get(301)).isEqualTo("bulk-0");
        assertThat(ran.subList(302, 305)).containsExactly("settled-0", "settled-1", "settled-2");
        assertThat(ran.get(802)).isEqualTo("settled-500");
    }

    @Test
    void anExporterEditedWhileItsResyncWaitsIsReconciledWithTheSpecChanges() throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        executor.execute(() -> await(busy));
        for (int i = 0; i < 300; i++) {
            handOver(exporter("settled-" + i, 3L, 3L));
        }
        handOver(exporter("bulk-0", 1L, null));
        metrics.receivedEvent(new ResourceEvent(ResourceAction.UPDATED, new ResourceID("settled-150"),
                exporter("settled-150", 4L, 3L)), Map.of());
        metrics.receivedEvent(new ResourceEvent(ResourceAction.UPDATED, new ResourceID("settled-151"),
                exporter("settled-151", 3L, 3L)), Map.of());
        busy.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(ran).hasSize(301);
        assertThat(ran.subList(0, 2)).as("the edit, then the one created before it").containsExactly("settled-150", "bulk-0");
        assertThat(ran.subList(2, 301)).as("the resyncs in order, the one whose event changed no spec among them")
                .isEqualTo(IntStream.range(0, 300).filter(i -> i != 150).mapToObj(i -> "settled-" + i).toList());
    }

    @Test
    void anExporterEditedBeforeItsFirstTurnCameRunsAheadOfTheBulkAppliedAfterIt() throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        executor.execute(() -> await(busy));
        for (int i = 0; i < 300; i++) {
            handOver(exporter("bulk-" + i, 1L, null));
        }
        metrics.receivedEvent(new ResourceEvent(ResourceAction.UPDATED, new ResourceID("bulk-0"),
                exporter("bulk-0", 2L, null)), Map.of());
        busy.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(ran).hasSize(300);
        assertThat(ran.subList(0, 3)).as("the edit, then the newest of the bulk").containsExactly("bulk-0", "bulk-299", "bulk-298");
    }

    @Test
    void aRotationRequestNotYetMadeRunsWithTheSpecChanges() throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        executor.execute(() -> await(busy));
        for (int i = 0; i < 100; i++) {
            handOver(exporter("settled-" + i, 3L, 3L));
        }
        handOver(withRotation(exporter("rotation-made", 3L, 3L), "2026-12-07", "2026-12-07"));
        handOver(withRotation(exporter("no-generated-key", 3L, 3L), "2026-12-07", null));
        handOver(withRotation(exporter("rotation-asked", 3L, 3L), "2026-12-07", "2026-11-30"));
        busy.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(ran).hasSize(103);
        assertThat(ran.get(0)).isEqualTo("rotation-asked");
        assertThat(ran.subList(101, 103)).containsExactly("rotation-made", "no-generated-key");
    }

    @Test
    void stoppingWaitsForTheRunningReconciliationAndDropsTheWaitingOnes() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        executor.execute(() -> {
            running.countDown();
            await(release);
            ran.add("running");
        });
        handOver(exporter("waiting", 1L, null));
        running.await();

        assertThat(executor.finishRunning(Duration.ofMillis(100))).as("ended while a reconciliation still runs").isFalse();
        handOver(exporter("handed-over-while-stopping", 1L, null));
        release.countDown();

        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("running");
    }

    /** As JOSDK's event processor does: the metrics hear of the resource, then the executor gets its reconciliation. */
    private void handOver(OtlpExporter exporter) {
        metrics.reconcileCustomResource(exporter, null, Map.of());
        executor.execute(() -> ran.add(exporter.getMetadata().getName()));
    }

    private static OtlpExporter exporter(String name, Long generation, Long observedGeneration) {
        OtlpExporter exporter = new OtlpExporter();
        exporter.getMetadata().setName(name);
        exporter.getMetadata().setGeneration(generation);
        if (observedGeneration != null) {
            OtlpExporterStatus status = new OtlpExporterStatus();
            status.setObservedGeneration(observedGeneration);
            exporter.setStatus(status);
        }
        return exporter;
    }

    /** @param handled the status' last handled rotation request; null for an exporter that generates no key */
    private static OtlpExporter withRotation(OtlpExporter exporter, String requested, String handled) {
        exporter.getMetadata().setAnnotations(Map.of(ReceiverApiKeys.ROTATE_ANNOTATION, requested));
        if (handled != null) {
            ReceiverApiKeyStatus keys = new ReceiverApiKeyStatus();
            keys.setRotationHandled(handled);
            exporter.getStatus().setReceiverApiKey(keys);
        }
        return exporter;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
