package dev.otlp.cluster;

/** Told of every HTTP request that reaches the embedded API server, before it is answered. */
@FunctionalInterface
public interface ApiRequestListener {

    /**
     * @param method the HTTP method ({@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE})
     * @param pathAndQuery the request target, for example {@code /api/v1/namespaces/a/configmaps?watch=true}
     * @param userAgent the client's {@code User-Agent} header, or {@code null}
     */
    void requestReceived(String method, String pathAndQuery, String userAgent);
}
