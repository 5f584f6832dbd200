package dev.otlp.runtime.export;

import dev.otlp.runtime.config.HttpUrl;

import java.net.URI;

/**
 * The upstream's address, from {@code otlp.endpoint} ({@code https://host:port/path},
 * {@code http://host:port} or a bare {@code host:port}) as {@link HttpUrl} reads it.
 */
record Endpoint(boolean tls, String host, int port, String path) {

    static Endpoint parse(String endpoint, boolean tlsRequested) {
        String withScheme = endpoint.contains("://") ? endpoint : (tlsRequested ? "https://" : "http://") + endpoint;
        HttpUrl url;
        try {
            url = HttpUrl.parse(withScheme);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("otlp.endpoint '" + HttpUrl.redacted(endpoint) + "' " + e.getMessage(), e);
        }
        boolean tls = url.scheme().equals("https") || tlsRequested;
        int port = url.portGiven() ? url.port() : tls ? 443 : 80;
        return new Endpoint(tls, url.host(), port, url.path());
    }

    String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    URI uri(String requestPath) {
        return URI.create((tls ? "https://" : "http://") + authority() + requestPath);
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + authority() + path;
    }
}
