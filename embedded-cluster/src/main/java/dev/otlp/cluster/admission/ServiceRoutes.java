package dev.otlp.cluster.admission;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a webhook's {@code clientConfig.service} is served. A cluster resolves a Service through its
 * endpoints; this server has no pods, so whoever starts a webhook says where it listens.
 */
public final class ServiceRoutes {

    private final Map<String, InetSocketAddress> routes = new ConcurrentHashMap<>();

    /** Sends what is addressed to Service {@code namespace/name} on {@code port} to {@code target}. */
    public void route(String namespace, String name, int port, InetSocketAddress target) {
        routes.put(key(namespace, name, port), target);
    }

    Optional<InetSocketAddress> target(String namespace, String name, int port) {
        return Optional.ofNullable(routes.get(key(namespace, name, port)));
    }

    private static String key(String namespace, String name, int port) {
        return namespace + "/" + name + ":" + port;
    }
}
