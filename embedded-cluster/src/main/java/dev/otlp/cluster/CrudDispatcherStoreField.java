package dev.otlp.cluster;

import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Puts a store of our own in place of fabric8's. {@link CrudDispatcher} keeps every object in its
 * {@code protected final Map map}, which its subclass {@code KubernetesCrudDispatcher} reads and writes
 * in private methods (list, delete, watch replay) under a private lock; no constructor or setter takes
 * another map, so the only way to give that code an indexed store, without copying it, is to set the
 * final field once, before the dispatcher serves anything. Checked against fabric8 7.5.2: when fabric8
 * renames the field or changes its type, this fails at once ({@code IndexedCrudDispatcherTest}).
 */
final class CrudDispatcherStoreField {

    private static final String FIELD = "map";

    private CrudDispatcherStoreField() {
    }

    static void replace(CrudDispatcher dispatcher, Map<AttributeSet, String> store) {
        try {
            Field field = CrudDispatcher.class.getDeclaredField(FIELD);
            if (!field.getType().equals(Map.class)) {
                throw new IllegalStateException("fabric8's CrudDispatcher." + FIELD + " is a " + field.getType().getName()
                        + ", not a java.util.Map: the embedded API server's indexed store needs updating");
            }
            field.setAccessible(true);
            if (!((Map<?, ?>) field.get(dispatcher)).isEmpty()) {
                throw new IllegalStateException("the dispatcher already stores objects: replace its store before it serves");
            }
            field.set(dispatcher, store);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("cannot replace fabric8's CrudDispatcher." + FIELD + " (" + e
                    + "): the embedded API server's indexed store needs updating", e);
        }
    }
}
