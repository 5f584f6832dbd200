package dev.otlp.runtime.receiver;

import java.time.Duration;

/**
 * What one OTLP/HTTP connection may take from the receiver.
 *
 * @param headerTimeout  from a connection's acceptance to the end of its first request's headers, and from a later
 *                       request's first byte to the end of its headers
 * @param bodyTimeout    from the end of the headers to the end of the body; answered 408
 * @param idleTimeout    a kept-alive connection with no request in progress is closed after this
 * @param maxConnections a connection beyond it takes the place of the oldest that has sent nothing yet, or is
 *                       closed as soon as it is accepted when every connection has sent a request
 * @param backlog        connections the kernel may hold before the receiver accepts them
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
                         int backlog) {

    public static HttpLimits defaults() {
        return new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120), 4096, 4096);
    }
}
