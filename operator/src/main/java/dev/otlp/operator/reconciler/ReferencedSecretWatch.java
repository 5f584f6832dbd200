package dev.otlp.operator.reconciler;

import dev.otlp.operator.api.OtlpExporter;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Re-triggers the exporters that reference a Secret when it changes, without keeping any Secret:
 * a watch (no list, no cache), whose events are read one at a time and dropped once mapped to
 * exporters. The operator's memory is therefore bounded by the exporters it manages, not by the
 * Secrets of the cluster; the few referenced Secrets are read when an exporter is reconciled.
 * A watch that the API server ends (its resource version expired) is opened again, and every
 * exporter that references a Secret is reconciled, since changes may have been missed meanwhile.
 */
final class ReferencedSecretWatch extends AbstractEventSource<Secret, OtlpExporter> implements Watcher<Secret> {

    private static final Logger LOG = LoggerFactory.getLogger(ReferencedSecretWatch.class);

    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final Function<Secret, List<OtlpExporter>> referencing;
    private final Supplier<List<OtlpExporter>> referencingAny;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();

    /**
     * @param referencing    the exporters that reference a Secret
     * @param referencingAny the exporters that reference any Secret
     */
    ReferencedSecretWatch(String name, KubernetesClient client, Set<String> namespaces,
                          Function<Secret, List<OtlpExporter>> referencing, Supplier<List<OtlpExporter>> referencingAny) {
        super(Secret.class, name);
        this.client = client;
        this.namespaces = namespaces;
        this.referencing = referencing;
        this.referencingAny = referencingAny;
    }

    @Override
    public void start() {
        super.start();
        open();
    }

    private void open() {
        if (InformerConfiguration.allNamespacesWatched(namespaces)) {
            watches.add(client.secrets().inAnyNamespace().watch(this));
        } else {
            namespaces.forEach(namespace -> watches.add(client.secrets().inNamespace(namespace).watch(this)));
        }
    }

    @Override
    public void stop() {
        watches.forEach(Watch::close);
        watches.clear();
        super.stop();
    }

    @Override
    public void eventReceived(Action action, Secret secret) {
        referencing.apply(secret).forEach(this::trigger);
    }

    @Override
    public void onClose(WatcherException cause) {
        LOG.info("the watch of referenced Secrets ended ({}); watching again and reconciling the exporters that reference one",
                cause.getMessage());
        watches.forEach(Watch::close);
        watches.clear();
        if (isRunning()) {
            open();
            referencingAny.get().forEach(this::trigger);
        }
    }

    @Override
    public void onClose() {
        // closed by stop()
    }

    private void trigger(OtlpExporter exporter) {
        getEventHandler().handleEvent(new Event(ResourceID.fromResource(exporter)));
    }

    @Override
    public Set<Secret> getSecondaryResources(OtlpExporter exporter) {
        return Set.of();
    }
}
