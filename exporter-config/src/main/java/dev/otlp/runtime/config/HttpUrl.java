package dev.otlp.runtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An {@code http://} or {@code https://} URL, checked, with its host, effective port and path.
 *
 * @param portGiven whether the URL names its port, rather than taking its scheme's default
 * @param path      the raw path, empty when there is none
 */
public record HttpUrl(String scheme, String host, int port, boolean portGiven, String path) {

    /**
     * A URL without a port has its scheme's default: 443 for https, 80 for http.
     *
     * @throws IllegalArgumentException saying what is missing or wrong
     */
    public static HttpUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("has no host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("has port " + port + ", outside 1..65535");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new HttpUrl(scheme, host.toLowerCase(Locale.ROOT), port, uri.getPort() >= 0,
                uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** The URL as it may be shown: without any {@code user:password@} part. */
    public static String redacted(String text) {
        return text.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1");
    }
}
