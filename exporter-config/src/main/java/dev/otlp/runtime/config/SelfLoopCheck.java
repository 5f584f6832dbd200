package dev.otlp.runtime.config;

import java.util.Locale;
import java.util.Set;

/**
 * Refuses an upstream endpoint that is this runtime's own receiver: forwarding to itself would
 * loop every batch until the queue fills. The seed's basic example ({@code http://localhost:4317})
 * does exactly that when run as a relay listening on 4317.
 */
final class SelfLoopCheck {

    private static final Set<String> WILDCARD_HOSTS = Set.of("", "0.0.0.0", "::", "[::]");

    private SelfLoopCheck() {
    }

    static void check(RuntimeConfig config, ProblemList problems) {
        if (config.otlp().isDebug()) {
            return;
        }
        HttpUrl url;
        try {
            url = HttpUrl.parse(config.otlp().endpoint());
        } catch (IllegalArgumentException e) {
            return;
        }
        ReceiverConfig receiver = config.receiver();
        if (!isThisHost(url.host(), receiver.host())) {
            return;
        }
        if (receiver.grpcPort() != 0 && url.port() == receiver.grpcPort()) {
            problems.add("otlp.endpoint", message(config.otlp().endpoint(), "gRPC", "grpc_port", receiver.grpcPort()));
        } else if (receiver.httpPort() != 0 && url.port() == receiver.httpPort()) {
            problems.add("otlp.endpoint", message(config.otlp().endpoint(), "HTTP", "http_port", receiver.httpPort()));
        }
    }

    private static String message(String endpoint, String transport, String portKey, int port) {
        return HttpUrl.redacted(endpoint) + " points at this runtime's own " + transport + " receiver (receiver."
                + portKey + " = " + port + "); set otlp.endpoint to your collector, or move the receiver with [receiver] "
                + portKey;
    }

    private static boolean isThisHost(String host, String receiverHost) {
        String receiver = receiverHost.strip().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.endsWith(".localhost")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
                || host.equals("0.0.0.0")
                || (!WILDCARD_HOSTS.contains(receiver) && host.equals(receiver));
    }
}
