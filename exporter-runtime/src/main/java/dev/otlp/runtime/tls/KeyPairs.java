package dev.otlp.runtime.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Whether a private key belongs to a certificate: it signs, and the certificate's public key
 * verifies. A certificate renewed without its key (or the reverse) is refused when it is read,
 * not at the next handshake.
 */
final class KeyPairs {

    private static final byte[] CHALLENGE = "otlp-fleet key pair check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairs() {
    }

    /** True too for key types this check does not know how to sign with (RSASSA-PSS): the handshake decides. */
    static boolean belong(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            return algorithm == null;
        }
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(CHALLENGE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(CHALLENGE);
        return verifier.verify(signature);
    }
}
