package dev.otlp.operator.secrets;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * PEM text for certificates and PKCS#8 private keys, the forms the exporter runtime reads.
 * Reading never throws: text that does not hold what is asked for yields empty.
 */
final class Pem {

    private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, new byte[]{'\n'});

    private Pem() {
    }

    static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("expected a PKCS#8 key, got format " + key.getFormat());
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** The certificates in the text, in order; empty when there are none or the text is not PEM certificates. */
    static List<X509Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (CertificateException | RuntimeException unreadable) {
            return List.of();
        }
    }

    /** The key of the first block when it is an unencrypted PKCS#8 {@code PRIVATE KEY}. */
    static Optional<PrivateKey> pkcs8PrivateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            if (parser.readObject() instanceof PrivateKeyInfo info) {
                return Optional.of(new JcaPEMKeyConverter().getPrivateKey(info));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + LINES.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
