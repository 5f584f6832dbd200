package dev.otlp.runtime.receiver;

import java.time.Duration;

/**
 * What one OTLP/HTTP connection may take from the receiver.
 *
 * @param headerTimeout  from a request's first byte to the end of its headers
 * @param bodyTimeout    from the end of the headers to the end of the body; answered 408
 * @param idleTimeout    a kept-alive connection with no request in progress is closed after this
 * @param maxConnections connections beyond it are closed as soon as they are accepted
 * @param backlog        connections the kernel may hold before the receiver accepts them
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
                         int backlog) {

    public static HttpLimits defaults() {
        return new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120), 4096, 4096);
    }
}
