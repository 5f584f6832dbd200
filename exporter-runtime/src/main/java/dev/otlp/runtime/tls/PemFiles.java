package dev.otlp.runtime.tls;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys from PEM files, for the receivers' server TLS and the exporter's
 * client TLS. Keys may be PKCS#8 ({@code PRIVATE KEY}: RSA, EC, Ed25519) or PKCS#1
 * ({@code RSA PRIVATE KEY}); encrypted keys are not supported. Errors name the file, never its content.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final byte[] RSA_ALGORITHM_IDENTIFIER = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {
    }

    /** Every certificate in the file, in order: a chain, or a bundle of CAs. */
    public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new CertificateException("no certificate in " + file);
            }
            return certificates;
        } catch (CertificateException e) {
            throw new CertificateException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first unencrypted private key in the file. */
    public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher block = BLOCK.matcher(Files.readString(file));
        while (block.find()) {
            String type = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, file);
                case "RSA PRIVATE KEY":
                    return pkcs8(pkcs1ToPkcs8(der), file);
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException("private key " + file + " is encrypted; provide it unencrypted");
                default:
                    break;
            }
        }
        throw new GeneralSecurityException("no PKCS#8 (PRIVATE KEY) or PKCS#1 (RSA PRIVATE KEY) block in " + file
                + " (convert other keys with: openssl pkcs8 -topk8 -nocrypt)");
    }

    /** Key managers presenting the certificate chain in {@code certFile} with the key in {@code keyFile}. */
    public static KeyManagerFactory keyManagers(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        return keyManagers(certFile, keyFile, "key");
    }

    /**
     * The key manager presenting the certificate chain in {@code certFile} with the key in
     * {@code keyFile} under {@code alias}; refuses a key that does not belong to the certificate.
     */
    public static X509ExtendedKeyManager keyManager(Path certFile, Path keyFile, String alias)
            throws IOException, GeneralSecurityException {
        for (KeyManager manager : keyManagers(certFile, keyFile, alias).getKeyManagers()) {
            if (manager instanceof X509ExtendedKeyManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("no X.509 key manager available");
    }

    private static KeyManagerFactory keyManagers(Path certFile, Path keyFile, String alias)
            throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!KeyPairs.belong(key, chain.get(0))) {
            throw new GeneralSecurityException("the private key in " + keyFile + " does not belong to the certificate in "
                    + certFile);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry(alias, key, password, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // not this algorithm
            }
        }
        throw new GeneralSecurityException("private key " + file + " is not an RSA, EC or Ed25519 key");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: SEQUENCE { 0, rsaEncryption, OCTET STRING }. */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[]{0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM_IDENTIFIER);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.write(0x30);
        sequence.writeBytes(derLength(body.size()));
        sequence.writeBytes(body.toByteArray());
        return sequence.toByteArray();
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[]{(byte) length};
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] encoded = new byte[bytes + 1];
        encoded[0] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            encoded[bytes - i] = (byte) (length >>> (8 * i));
        }
        return encoded;
    }
}
