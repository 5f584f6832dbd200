package dev.otlp.runtime.receiver;

import javax.net.ssl.KeyManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's certificate chain and private key from PEM files, as a {@link KeyManagerFactory}
 * that both listeners' TLS stacks use. Keys may be PKCS#8 ({@code PRIVATE KEY}, RSA or EC) or
 * PKCS#1 ({@code RSA PRIVATE KEY}).
 */
final class PemKeyMaterial {

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1?PRIVATE KEY-----");
    /** DER prefix of a PKCS#8 PrivateKeyInfo for rsaEncryption, up to the OCTET STRING's length. */
    private static final byte[] RSA_ALGORITHM_IDENTIFIER = {
            0x02, 0x01, 0x00, // version 0
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    };

    private PemKeyMaterial() {
    }

    static KeyManagerFactory keyManagers(String certFile, String keyFile) {
        try {
            Certificate[] chain = certificates(Path.of(certFile));
            PrivateKey key = privateKey(Path.of(keyFile));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the receiver TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid receiver TLS certificate " + certFile + " or key " + keyFile
                    + ": " + e.getMessage(), e);
        }
    }

    private static Certificate[] certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
            if (chain.length == 0) {
                throw new GeneralSecurityException("no certificate in " + file);
            }
            return chain;
        }
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher pem = PEM_KEY.matcher(Files.readString(file));
        if (!pem.find()) {
            throw new GeneralSecurityException(file + " holds no PEM \"PRIVATE KEY\" or \"RSA PRIVATE KEY\" block"
                    + " (convert other keys with: openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
        boolean pkcs1 = pem.group(1) != null;
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs1 ? pkcs8FromPkcs1(der) : der);
        GeneralSecurityException failure = null;
        for (String algorithm : pkcs1 ? new String[] {"RSA"} : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                failure = e;
            }
        }
        throw new GeneralSecurityException(file + " holds no RSA or EC private key", failure);
    }

    private static byte[] pkcs8FromPkcs1(byte[] rsaPrivateKey) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(RSA_ALGORITHM_IDENTIFIER);
        body.write(0x04); // OCTET STRING
        writeLength(body, rsaPrivateKey.length);
        body.writeBytes(rsaPrivateKey);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(0x30); // SEQUENCE
        writeLength(info, body.size());
        info.writeBytes(body.toByteArray());
        return info.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
