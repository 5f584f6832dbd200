package dev.otlp.operator.dependent;

import dev.otlp.operator.api.KubernetesJson;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * An informer's cache that holds each object as its JSON, deflated: a few hundred bytes where the
 * object model takes tens of kilobytes (every fabric8 object carries its own maps and strings).
 * Each read returns a new copy, equal to what was stored, so the operator and JOSDK's matchers see
 * exactly the object the informer received, at the cost of decoding it on each read.
 */
class CompressedItemStore<R extends HasMetadata> implements ItemStore<R> {

    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    private final Map<String, Stored> objects = new ConcurrentHashMap<>();

    /** The object's class and its deflated JSON, of {@code length} bytes once inflated. */
    private record Stored(Class<?> type, byte[] deflated, int length) {
    }

    @Override
    public String getKey(R object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public R put(String key, R object) {
        return restore(objects.put(key, store(object)));
    }

    @Override
    public R remove(String key) {
        return restore(objects.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return objects.keySet().stream();
    }

    @Override
    public Stream<R> values() {
        return objects.values().stream().map(this::restore);
    }

    @Override
    public int size() {
        return objects.size();
    }

    @Override
    public R get(String key) {
        return restore(objects.get(key));
    }

    private static Stored store(HasMetadata object) {
        byte[] json;
        try {
            json = KubernetesJson.MAPPER.writeValueAsBytes(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Deflater deflater = DEFLATERS.get();
        deflater.reset();
        deflater.setInput(json);
        deflater.finish();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream(json.length / 4 + 16);
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            deflated.write(buffer, 0, deflater.deflate(buffer));
        }
        return new Stored(object.getClass(), deflated.toByteArray(), json.length);
    }

    @SuppressWarnings("unchecked")
    private R restore(Stored stored) {
        if (stored == null) {
            return null;
        }
        Inflater inflater = INFLATERS.get();
        inflater.reset();
        inflater.setInput(stored.deflated());
        byte[] json = new byte[stored.length()];
        try {
            int read = 0;
            while (read < json.length) {
                int inflated = inflater.inflate(json, read, json.length - read);
                if (inflated == 0 && (inflater.finished() || inflater.needsInput())) {
                    throw new DataFormatException("ends after " + read + " of " + json.length + " bytes");
                }
                read += inflated;
            }
            return (R) KubernetesJson.MAPPER.readValue(json, stored.type());
        } catch (DataFormatException e) {
            throw new IllegalStateException("a cached object that does not inflate", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
