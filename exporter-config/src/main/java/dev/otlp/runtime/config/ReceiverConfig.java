package dev.otlp.runtime.config;

/**
 * {@code [receiver]}: the OTLP listeners applications send to.
 *
 * @param maxRequestSize bytes a request may have (after decompression); larger ones are refused
 * @param tlsCertFile    server certificate (PEM) for both listeners; plaintext when null
 * @param apiKey         when set (or {@code apiKeyFile}), clients must present it in {@code apiKeyHeader}
 * @param apiKeyPreviousFile keys also accepted while clients move to a new one; the file may be absent (no such keys)
 */
public record ReceiverConfig(
        String host,
        int grpcPort,
        int httpPort,
        long maxRequestSize,
        String tlsCertFile,
        String tlsKeyFile,
        Secret apiKey,
        String apiKeyFile,
        String apiKeyPreviousFile,
        String apiKeyHeader) {

    public static ReceiverConfig defaults() {
        return new ReceiverConfig("0.0.0.0", 4317, 4318, 16L << 20, null, null, null, null, null, "X-API-Key");
    }

    public boolean hasTls() {
        return tlsCertFile != null && tlsKeyFile != null;
    }
}
