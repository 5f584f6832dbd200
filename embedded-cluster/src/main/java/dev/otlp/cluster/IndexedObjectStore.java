package dev.otlp.cluster;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The objects of the embedded API server, keyed as fabric8's CRUD dispatcher keys them (an
 * {@link AttributeSet} per object), in the order they were stored, and indexed by resource (plural),
 * namespace and name, so that finding the objects a request could be about costs what they are, not
 * what the whole store is.
 *
 * <p>fabric8 answers a GET or a DELETE by iterating the store and keeping the entries whose key
 * {@link AttributeSet#matches matches} the request's query. Within {@link #scopedTo}, iteration on
 * the calling thread yields only the {@link #candidates} of that query: every entry that could match
 * it, in store order, so that fabric8's own filter gives the answer it gives over the whole store.
 * Key lookups ({@code get}, {@code put}, {@code remove}) are never scoped. Every method is
 * synchronized, as the {@code Collections.synchronizedMap} it replaces.
 */
final class IndexedObjectStore extends AbstractMap<AttributeSet, String> {

    private static final String ANY_VALUE = "*";

    private final Map<AttributeSet, String> objects = new LinkedHashMap<>();
    private final Map<Scope, Set<AttributeSet>> index = new HashMap<>();
    /** Keys this index cannot place (no single plain plural, namespace or name): candidates of every query. */
    private final Set<AttributeSet> unindexed = new HashSet<>();
    private final ThreadLocal<AttributeSet> scope = new ThreadLocal<>();

    /**
     * A resource (plural) and, when not null, a namespace and a name: the entries whose keys have
     * exactly those attributes.
     */
    private record Scope(String plural, String namespace, String name) {
    }

    /** Runs {@code action} with this thread's iteration of the store limited to the candidates of {@code query}. */
    <T> T scopedTo(AttributeSet query, Supplier<T> action) {
        AttributeSet outer = scope.get();
        scope.set(query);
        try {
            return action.get();
        } finally {
            if (outer == null) {
                scope.remove();
            } else {
                scope.set(outer);
            }
        }
    }

    /**
     * Every entry whose key could match {@code query}, in store order: the entries of the query's
     * resource (and namespace and name, where it asks for one value of them), or the whole store
     * when the query names no single resource.
     */
    synchronized List<Map.Entry<AttributeSet, String>> candidates(AttributeSet query) {
        String plural = wanted(query, KubernetesAttributesExtractor.PLURAL);
        if (plural == null || !unindexed.isEmpty()) {
            return entries(objects.keySet());
        }
        Scope wanted = new Scope(plural, wanted(query, KubernetesAttributesExtractor.NAMESPACE),
                wanted(query, KubernetesAttributesExtractor.NAME));
        return entries(index.getOrDefault(wanted, Set.of()));
    }

    @Override
    public synchronized Set<Map.Entry<AttributeSet, String>> entrySet() {
        AttributeSet query = scope.get();
        List<Map.Entry<AttributeSet, String>> entries = query == null ? entries(objects.keySet()) : candidates(query);
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<AttributeSet, String>> iterator() {
                return Collections.unmodifiableList(entries).iterator();
            }

            @Override
            public int size() {
                return entries.size();
            }
        };
    }

    @Override
    public synchronized int size() {
        return objects.size();
    }

    @Override
    public synchronized boolean containsKey(Object key) {
        return objects.containsKey(key);
    }

    @Override
    public synchronized String get(Object key) {
        return objects.get(key);
    }

    @Override
    public synchronized String put(AttributeSet key, String value) {
        String previous = objects.put(key, value);
        if (previous == null) {
            List<Scope> scopes = scopesOf(key);
            if (scopes.isEmpty()) {
                unindexed.add(key);
            }
            scopes.forEach(each -> index.computeIfAbsent(each, empty -> new LinkedHashSet<>()).add(key));
        }
        return previous;
    }

    @Override
    public synchronized String remove(Object key) {
        if (!(key instanceof AttributeSet stored) || !objects.containsKey(stored)) {
            return null;
        }
        unindexed.remove(stored);
        for (Scope each : scopesOf(stored)) {
            Set<AttributeSet> keys = index.get(each);
            keys.remove(stored);
            if (keys.isEmpty()) {
                index.remove(each);
            }
        }
        return objects.remove(stored);
    }

    @Override
    public synchronized void clear() {
        objects.clear();
        index.clear();
        unindexed.clear();
    }

    private List<Map.Entry<AttributeSet, String>> entries(Set<AttributeSet> keys) {
        List<Map.Entry<AttributeSet, String>> entries = new ArrayList<>(keys.size());
        keys.forEach(key -> entries.add(new SimpleImmutableEntry<>(key, objects.get(key))));
        return entries;
    }

    /** The scopes an entry is found in; none when one of its plural, namespace or name is not a single plain value. */
    private static List<Scope> scopesOf(AttributeSet key) {
        String plural = plain(key.getAttribute(KubernetesAttributesExtractor.PLURAL));
        Attribute namespaceAttribute = key.getAttribute(KubernetesAttributesExtractor.NAMESPACE);
        Attribute nameAttribute = key.getAttribute(KubernetesAttributesExtractor.NAME);
        String namespace = plain(namespaceAttribute);
        String name = plain(nameAttribute);
        if (plural == null || namespaceAttribute != null && namespace == null || nameAttribute != null && name == null) {
            return Collections.emptyList();
        }
        List<Scope> scopes = new ArrayList<>(4);
        scopes.add(new Scope(plural, null, null));
        if (namespace != null) {
            scopes.add(new Scope(plural, namespace, null));
        }
        if (name != null) {
            scopes.add(new Scope(plural, null, name));
        }
        if (namespace != null && name != null) {
            scopes.add(new Scope(plural, namespace, name));
        }
        return scopes;
    }

    /** The one value a query requires of an attribute, or null when it requires none or more than one value. */
    private static String wanted(AttributeSet query, String key) {
        Attribute attribute = query.getAttribute(key);
        return attribute == null || attribute.getType() != AttributeType.WITH ? null : plain(attribute);
    }

    /**
     * An attribute's single value, or null when it has none or several, or {@code *}, which fabric8's
     * {@link Value#equals} takes as equal to every value.
     */
    private static String plain(Attribute attribute) {
        if (attribute == null || attribute.getValues().size() != 1) {
            return null;
        }
        String value = attribute.getValues().get(0).toString();
        return value == null || value.equals(ANY_VALUE) ? null : value;
    }
}
