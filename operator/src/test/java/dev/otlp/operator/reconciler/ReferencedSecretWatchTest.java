package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The watch of referenced Secrets: a change triggers the exporters that reference it, and an ended watch is opened again. */
class ReferencedSecretWatchTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private final String namespace = OperatorTestEnvironment.uniqueNamespace();
    private final OtlpExporter gateway = FleetUnderTest.exporter(namespace, """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: gateway
            spec:
              upstream:
                endpoint: http://collector:4317
            """);
    private final List<ResourceID> triggered = new CopyOnWriteArrayList<>();
    private final ReferencedSecretWatch watch = new ReferencedSecretWatch("test", env.client(), Set.of(namespace),
            secret -> secret.getMetadata().getName().equals("referenced") ? List.of(gateway) : List.of(),
            () -> List.of(gateway));

    @AfterEach
    void stop() {
        watch.stop();
    }

    @Test
    void triggersTheExportersThatReferenceAChangedSecretAndNoOthers() {
        watch.setEventHandler(event -> triggered.add(event.getRelatedCustomResourceID()));
        watch.start();

        create("unrelated");
        create("referenced");

        awaitUntil("the referencing exporter is triggered", () -> triggered.contains(ResourceID.fromResource(gateway)));
        assertThat(triggered).containsOnly(ResourceID.fromResource(gateway));
    }

    @Test
    void reopensAnEndedWatchAndReconcilesEveryReferencingExporterForWhatItMissed() {
        watch.setEventHandler(event -> triggered.add(event.getRelatedCustomResourceID()));
        watch.start();

        watch.onClose(new WatcherException("too old resource version"));

        assertThat(triggered).containsExactly(ResourceID.fromResource(gateway));
        create("referenced");
        awaitUntil("the reopened watch reports the change", () -> triggered.size() == 2);
    }

    private void create(String name) {
        Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withData(Map.of("key", "dmFsdWU=")).build();
        env.client().resource(secret).create();
    }
}
