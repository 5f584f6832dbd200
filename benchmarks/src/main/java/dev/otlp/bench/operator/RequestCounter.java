package dev.otlp.bench.operator;

import dev.otlp.cluster.ApiRequestListener;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests that reach the embedded API server by client, kind of request and
 * resource. Take a {@link #snapshot()} before and after a phase and subtract.
 */
final class RequestCounter implements ApiRequestListener {

    enum Verb {
        /** GET of one object or a list. */
        READ,
        /** GET with {@code watch=true}: opens a watch. */
        WATCH,
        /** POST, PUT, PATCH, DELETE. */
        WRITE
    }

    /**
     * @param resource the resource's plural, with {@code /status} for the subresource, or {@code discovery}
     */
    record Key(String userAgent, Verb verb, String method, String resource) {
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void requestReceived(String method, String pathAndQuery, String userAgent) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        Verb verb = !method.equals("GET") ? Verb.WRITE
                : query >= 0 && pathAndQuery.substring(query).contains("watch=true") ? Verb.WATCH : Verb.READ;
        counts.computeIfAbsent(new Key(Objects.requireNonNullElse(userAgent, "-"), verb, method, resource(path)),
                key -> new LongAdder()).increment();
    }

    Map<Key, Long> snapshot() {
        Map<Key, Long> copy = new HashMap<>();
        counts.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    static Map<Key, Long> minus(Map<Key, Long> after, Map<Key, Long> before) {
        Map<Key, Long> difference = new HashMap<>();
        after.forEach((key, count) -> {
            long delta = count - before.getOrDefault(key, 0L);
            if (delta != 0) {
                difference.put(key, delta);
            }
        });
        return difference;
    }

    /** {@code /api/v1/namespaces/a/configmaps/x} is {@code configmaps}; {@code .../otlpexporters/x/status} is {@code otlpexporters/status}. */
    static String resource(String path) {
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        int start;
        if (segments.length >= 3 && segments[0].equals("api")) {
            start = 2;
        } else if (segments.length >= 4 && segments[0].equals("apis")) {
            start = 3;
        } else {
            return "discovery";
        }
        if (segments.length > start + 2 && segments[start].equals("namespaces")) {
            start += 2;
        }
        String resource = segments[start];
        return segments.length > start + 2 ? resource + "/" + segments[start + 2] : resource;
    }
}
