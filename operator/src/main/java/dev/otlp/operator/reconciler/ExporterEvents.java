package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Kubernetes Events on an exporter, for what {@code kubectl describe otlpx} should show. */
final class ExporterEvents {

    private static final Logger log = LoggerFactory.getLogger(ExporterEvents.class);
    private static final String SOURCE = "otlp-fleet-operator";

    private final KubernetesClient client;
    private final Clock clock;

    ExporterEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void warning(OtlpExporter exporter, String reason, String message) {
        record(exporter, "Warning", reason, message);
    }

    /** What happened as asked: created, rolled out, renewed. */
    void normal(OtlpExporter exporter, String reason, String message) {
        record(exporter, "Normal", reason, message);
    }

    private void record(OtlpExporter exporter, String type, String reason, String message) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        var event = new EventBuilder()
                .withNewMetadata()
                .withGenerateName(exporter.getMetadata().getName() + ".")
                .withNamespace(exporter.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(exporter.getApiVersion())
                        .withKind(exporter.getKind())
                        .withName(exporter.getMetadata().getName())
                        .withNamespace(exporter.getMetadata().getNamespace())
                        .withUid(exporter.getMetadata().getUid())
                        .withResourceVersion(exporter.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withNewSource().withComponent(SOURCE).endSource()
                .withReportingComponent(SOURCE)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(exporter.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            log.warn("could not record event {} on {}/{}: {}", reason, exporter.getMetadata().getNamespace(),
                    exporter.getMetadata().getName(), e.getMessage());
        }
    }
}
