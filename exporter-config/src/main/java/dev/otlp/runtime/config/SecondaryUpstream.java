package dev.otlp.runtime.config;

/**
 * One {@code [[otlp.failover]]} table: a secondary upstream with its own endpoint, protocol, timeout,
 * headers, TLS and authentication. It shares {@code [otlp]}'s retry settings and {@code max_export_size},
 * since batches are cut once for whichever upstream takes them.
 */
public record SecondaryUpstream(
        UpstreamConfig otlp,
        AuthenticationConfig authentication,
        OAuth2Config oauth2,
        TlsConfig tls) {
}
