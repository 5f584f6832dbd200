package dev.otlp.cluster;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.Map;

/**
 * fabric8's CRUD dispatcher over an {@link IndexedObjectStore}: a GET (of one object, a list, API
 * metadata), a DELETE and the write handlers' lookup of the stored object look only at the objects
 * of the request's resource, namespace and name, where fabric8 alone looks at every object stored.
 * Everything else is fabric8's own code, locks and answers: it still filters the candidates with
 * the request's query (labels, fields, names), so the answers are the same.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private final IndexedObjectStore store = new IndexedObjectStore();

    IndexedCrudDispatcher() {
        CrudDispatcherStoreField.replace(this, store);
    }

    @Override
    public MockResponse handleGet(String path) {
        return store.scopedTo(getKey(path), () -> super.handleGet(path));
    }

    @Override
    public MockResponse handleDelete(String path) {
        return store.scopedTo(getKey(path), () -> super.handleDelete(path));
    }

    /** Called by fabric8's POST, PUT and PATCH handlers under the write lock, as fabric8's own is. */
    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        return store.candidates(attributes).stream()
                .filter(entry -> entry.getKey().matches(attributes))
                .findFirst().orElse(null);
    }
}
