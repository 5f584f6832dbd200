package dev.otlp.runtime.config;

import java.util.List;

/**
 * {@code [tls]}: TLS towards the upstream. A client certificate and key make it mutual TLS.
 *
 * @param caFile        PEM bundle of trusted CAs; the JDK's trust store when null
 * @param minTlsVersion {@code "1.2"} or {@code "1.3"}
 */
public record TlsConfig(
        boolean enableTls,
        String certFile,
        String keyFile,
        String caFile,
        boolean verifyCert,
        boolean verifyHostname,
        String minTlsVersion,
        List<String> cipherSuites) {

    public TlsConfig {
        cipherSuites = List.copyOf(cipherSuites);
    }

    public static TlsConfig defaults() {
        return new TlsConfig(false, null, null, null, true, true, "1.2", List.of());
    }

    public boolean hasClientCertificate() {
        return certFile != null && keyFile != null;
    }
}
