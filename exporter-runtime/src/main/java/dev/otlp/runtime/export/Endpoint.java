package dev.otlp.runtime.export;

import java.net.URI;

/**
 * The upstream's address, parsed from {@code otlp.endpoint}: {@code https://host:port/path},
 * {@code http://host:port} or a bare {@code host:port}.
 */
record Endpoint(boolean tls, String host, int port, String path) {

    static Endpoint parse(String endpoint, boolean tlsRequested) {
        String withScheme = endpoint.contains("://") ? endpoint : (tlsRequested ? "https://" : "http://") + endpoint;
        URI uri = URI.create(withScheme);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("otlp.endpoint '" + endpoint + "' has no host");
        }
        String scheme = uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("otlp.endpoint '" + endpoint + "' must use http or https, not " + scheme);
        }
        boolean tls = scheme.equals("https") || tlsRequested;
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return new Endpoint(tls, uri.getHost(), port, path);
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
