package dev.otlp.runtime.e2e;

import java.io.IOException;
import java.net.ServerSocket;

/** Four free ports, for a runtime process whose ports the test must know. */
record Ports(int grpc, int http, int metrics, int health) {

    static Ports free() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0);
             ServerSocket c = new ServerSocket(0); ServerSocket d = new ServerSocket(0)) {
            return new Ports(a.getLocalPort(), b.getLocalPort(), c.getLocalPort(), d.getLocalPort());
        }
    }

    /** The [receiver] and [monitoring] sections that bind these ports on loopback. */
    String toml() {
        return """
                [receiver]
                host = "127.0.0.1"
                grpc_port = %d
                http_port = %d

                [monitoring]
                metrics_port = %d
                health_check_port = %d
                """.formatted(grpc, http, metrics, health);
    }
}
