package dev.otlp.runtime.config;

import java.util.ArrayList;
import java.util.List;

/** The ports the runtime listens on, which must differ from each other. */
final class ListenerPorts {

    private record Listener(String key, int port) {
    }

    private ListenerPorts() {
    }

    static void check(RuntimeConfig config, ProblemList problems) {
        List<Listener> seen = new ArrayList<>();
        for (Listener listener : listeners(config)) {
            seen.stream().filter(other -> listener.port() != 0 && other.port() == listener.port()).findFirst()
                    .ifPresent(other -> problems.add(listener.key(), listener.port() + " is also " + other.key()
                            + "; every listener needs its own port"));
            seen.add(listener);
        }
    }

    private static List<Listener> listeners(RuntimeConfig config) {
        MonitoringConfig monitoring = config.monitoring();
        List<Listener> listeners = new ArrayList<>();
        listeners.add(new Listener("receiver.grpc_port", config.receiver().grpcPort()));
        listeners.add(new Listener("receiver.http_port", config.receiver().httpPort()));
        if (monitoring.enableMetrics()) {
            listeners.add(new Listener("monitoring.metrics_port", monitoring.metricsPort()));
        }
        if (monitoring.enableHealthCheck()) {
            listeners.add(new Listener("monitoring.health_check_port", monitoring.healthCheckPort()));
        }
        if (monitoring.enableProfiling()) {
            listeners.add(new Listener("monitoring.profiling_port", monitoring.profilingPort()));
        }
        return listeners;
    }
}
