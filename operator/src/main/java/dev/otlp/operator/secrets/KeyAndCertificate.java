package dev.otlp.operator.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A certificate and its private key: the receiver's CA pair or its server pair. */
record KeyAndCertificate(PrivateKey key, X509Certificate certificate) {

    private static final byte[] PROBE = "otlp-fleet key match".getBytes(StandardCharsets.US_ASCII);

    /**
     * The pair stored under {@code certificateKey} (first certificate of the PEM) and {@code privateKeyKey}
     * (PKCS#8 PEM) of base64 Secret data; empty when either is missing, unreadable or they do not belong together.
     */
    static Optional<KeyAndCertificate> read(Map<String, String> secretData, String certificateKey, String privateKeyKey) {
        Optional<X509Certificate> certificate = SecretData.decoded(secretData, certificateKey)
                .map(Pem::certificates)
                .filter(certificates -> !certificates.isEmpty())
                .map(certificates -> certificates.get(0));
        Optional<PrivateKey> key = SecretData.decoded(secretData, privateKeyKey).flatMap(Pem::pkcs8PrivateKey);
        if (certificate.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        KeyAndCertificate pair = new KeyAndCertificate(key.get(), certificate.get());
        return pair.belongTogether() ? Optional.of(pair) : Optional.empty();
    }

    Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    boolean isSignedBy(KeyAndCertificate issuer) {
        try {
            certificate.verify(issuer.certificate.getPublicKey());
            return certificate.getIssuerX500Principal().equals(issuer.certificate.getSubjectX500Principal());
        } catch (GeneralSecurityException | RuntimeException notSigned) {
            return false;
        }
    }

    /** Names the certificate only: the key never reaches a log or a message. */
    @Override
    public String toString() {
        return "KeyAndCertificate[" + certificate.getSubjectX500Principal() + ", notAfter=" + notAfter() + "]";
    }

    /** Signs a probe with the key and verifies it with the certificate's public key. */
    private boolean belongTogether() {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException mismatch) {
            return false;
        }
    }
}
