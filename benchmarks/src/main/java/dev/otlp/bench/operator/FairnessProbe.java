package dev.otlp.bench.operator;

import dev.otlp.operator.api.OtlpExporter;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Optional;

/**
 * A user's change amid the backlog, made right after the last exporter of the fleet was applied:
 * one more exporter applied and one existing exporter's spec edited. Measures how long until the
 * operator had reconciled each (its status observes the new generation), against the whole
 * backlog's time to converge.
 */
final class FairnessProbe {

    private final ConvergenceWatch watch;
    private final OtlpExporter added;
    private final OtlpExporter edited;
    private final long start;

    private FairnessProbe(ConvergenceWatch watch, OtlpExporter added, OtlpExporter edited, long start) {
        this.watch = watch;
        this.added = added;
        this.edited = edited;
        this.start = start;
    }

    /** Applies exporter {@code resources} (one past the fleet) and edits the upstream timeout of exporter 1 (0 in a fleet of one). */
    static FairnessProbe start(KubernetesClient client, ConvergenceWatch watch, int resources, int namespaces) {
        long start = System.nanoTime();
        OtlpExporter added = client.resource(FleetManifests.exporter(resources, namespaces)).create();
        OtlpExporter toEdit = FleetManifests.exporter(Math.min(1, resources - 1), namespaces);
        OtlpExporter edited = client.resources(OtlpExporter.class).inNamespace(toEdit.getMetadata().getNamespace())
                .withName(toEdit.getMetadata().getName())
                .edit(exporter -> {
                    exporter.getSpec().getUpstream().setTimeout("29s");
                    return exporter;
                });
        watch.awaitObserved(added.getMetadata().getNamespace(), added.getMetadata().getName(),
                added.getMetadata().getGeneration());
        watch.awaitObserved(edited.getMetadata().getNamespace(), edited.getMetadata().getName(),
                edited.getMetadata().getGeneration());
        return new FairnessProbe(watch, added, edited, start);
    }

    /** Seconds from the change until the operator had reconciled the new exporter, or NaN if it has not. */
    double secondsToAdded() {
        return secondsTo(added);
    }

    double secondsToEdited() {
        return secondsTo(edited);
    }

    String addedName() {
        return added.getMetadata().getName();
    }

    String editedName() {
        return edited.getMetadata().getName();
    }

    private double secondsTo(OtlpExporter exporter) {
        Optional<Long> at = watch.observedAt(exporter.getMetadata().getNamespace(), exporter.getMetadata().getName());
        return at.map(nanos -> (nanos - start) / 1e9).orElse(Double.NaN);
    }
}
