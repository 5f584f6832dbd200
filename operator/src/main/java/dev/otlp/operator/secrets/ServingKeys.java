package dev.otlp.operator.secrets;

import javax.net.ssl.KeyManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/** The key managers of a server that presents the certificate and key of a TLS Secret's data. */
public final class ServingKeys {

    private static final char[] NO_PASSWORD = new char[0];

    private ServingKeys() {
    }

    /** @throws IllegalArgumentException when the data holds no readable certificate and PKCS#8 key */
    public static KeyManagerFactory from(Map<String, String> tlsData) {
        List<X509Certificate> chain = SecretData.decoded(tlsData, ServiceCertificates.TLS_CRT).map(Pem::certificates)
                .orElse(List.of());
        PrivateKey key = SecretData.decoded(tlsData, ServiceCertificates.TLS_KEY).flatMap(Pem::pkcs8PrivateKey)
                .orElseThrow(() -> new IllegalArgumentException("the TLS data holds no readable PKCS#8 key"));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the TLS data holds no readable certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, NO_PASSWORD);
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build key managers from the TLS data: " + e.getMessage(), e);
        }
    }

    /** The CA certificate of a TLS Secret's data, as PEM text; what a client trusts, and a webhook's caBundle. */
    public static String caCertificatePem(Map<String, String> tlsData) {
        return SecretData.decoded(tlsData, ServiceCertificates.CA_CRT)
                .orElseThrow(() -> new IllegalArgumentException("the TLS data holds no ca.crt"));
    }
}
