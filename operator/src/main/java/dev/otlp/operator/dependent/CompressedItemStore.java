package dev.otlp.operator.dependent;

import dev.otlp.operator.api.KubernetesJson;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * An informer's cache that holds each object as its JSON, deflated against a dictionary of the
 * objects of its kind seen before ({@link DeflateDictionary}): a few hundred bytes where the object
 * model takes tens of kilobytes (every fabric8 object carries its own maps and strings), because
 * the objects one operator writes share almost all their text. Each read returns a new copy, equal
 * to what was stored, so the operator and JOSDK's matchers see exactly the object the informer
 * received, at the cost of decoding it on each read.
 */
public class CompressedItemStore<R extends HasMetadata> implements ItemStore<R> {

    private static final LongAdder DECODED = new LongAdder();

    private final Map<String, Stored> objects = new ConcurrentHashMap<>();
    private final DeflateDictionary dictionary = new DeflateDictionary();

    /** The object's class and its JSON, deflated against a version of the dictionary. */
    private record Stored(Class<?> type, DeflateDictionary.Deflated json) {
    }

    /** Objects decoded by every store of the operator so far: a reconcile should cost a few, whatever the fleet's size. */
    public static long decoded() {
        return DECODED.sum();
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

    private Stored store(HasMetadata object) {
        try {
            return new Stored(object.getClass(), dictionary.deflate(KubernetesJson.MAPPER.writeValueAsBytes(object)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private R restore(Stored stored) {
        if (stored == null) {
            return null;
        }
        DECODED.increment();
        try {
            return (R) KubernetesJson.MAPPER.readValue(stored.json().inflate(), stored.type());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
