package dev.otlp.operator.reconciler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an Event last reported per exporter. A reconcile that starts before the previous one's status
 * write reached the cache sees the same change again; this tells it the change was reported. Holds
 * a bounded number of exporters, forgetting the least recently used.
 */
final class LastReported {

    private static final int EXPORTERS = 10_000;

    private final Map<String, String> byUid = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > EXPORTERS;
        }
    });

    /** Records {@code value} for the exporter; whether it differs from what was recorded before. */
    boolean changed(String uid, String value) {
        return !value.equals(byUid.put(uid, value));
    }
}
