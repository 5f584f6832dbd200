package dev.otlp.operator.dependent;

import dev.otlp.operator.api.OtlpExporter;

/**
 * The exporters' cache, trimmed of metadata bookkeeping only (as {@link TrimmedStore.ForMetadataOnly}), which tells a
 * {@link Listener} of each exporter it stores and each it drops: what is derived from the exporters' statuses then
 * follows them as the informer sees them, deleted exporters included, without reading the whole cache.
 */
public final class ExporterStore extends TrimmedStore<OtlpExporter> {

    /** Called under the informer's lock, once for each exporter stored or removed: keep it short. */
    public interface Listener {

        void stored(String key, OtlpExporter exporter);

        void removed(String key);
    }

    private final Listener listener;

    public ExporterStore(Listener listener) {
        super(exporter -> { });
        this.listener = listener;
    }

    @Override
    public OtlpExporter put(String key, OtlpExporter exporter) {
        OtlpExporter previous = super.put(key, exporter);
        listener.stored(key, exporter);
        return previous;
    }

    @Override
    public OtlpExporter remove(String key) {
        OtlpExporter removed = super.remove(key);
        listener.removed(key);
        return removed;
    }
}
