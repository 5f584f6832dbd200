package dev.otlp.runtime.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away PKI written as PEM files: a CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1} and a client certificate (keys in PKCS#8 and PKCS#1), and an unrelated CA.
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey, Path serverKeyPkcs1, Path clientCert,
                               Path clientKeyPkcs1, Path clientKeyPkcs8, Path otherCaCert,
                               TestUpstream.ServerTls serverTls, TestUpstream.ServerTls mutualServerTls) {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public static TestCertificates create(Path dir) {
        try {
            KeyPair caKeys = rsa();
            X509Certificate ca = certificate("CN=otlp-test-ca", caKeys, "CN=otlp-test-ca", caKeys, true, null, null);
            KeyPair serverKeys = rsa();
            X509Certificate server = certificate("CN=localhost", serverKeys, "CN=otlp-test-ca", caKeys, false,
                    KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[]{
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            KeyPair clientKeys = rsa();
            X509Certificate client = certificate("CN=otlp-test-client", clientKeys, "CN=otlp-test-ca", caKeys, false,
                    KeyPurposeId.id_kp_clientAuth, null);
            KeyPair otherKeys = rsa();
            X509Certificate other = certificate("CN=unrelated-ca", otherKeys, "CN=unrelated-ca", otherKeys, true, null, null);
            return new TestCertificates(
                    pem(dir.resolve("ca.pem"), ca),
                    pem(dir.resolve("server.pem"), server),
                    pem(dir.resolve("server-key.pem"), new JcaPKCS8Generator(serverKeys.getPrivate(), null)),
                    pem(dir.resolve("server-key-pkcs1.pem"), serverKeys.getPrivate()),
                    pem(dir.resolve("client.pem"), client),
                    pem(dir.resolve("client-key-pkcs1.pem"), clientKeys.getPrivate()),
                    pem(dir.resolve("client-key-pkcs8.pem"), new JcaPKCS8Generator(clientKeys.getPrivate(), null)),
                    pem(dir.resolve("other-ca.pem"), other),
                    new TestUpstream.ServerTls(serverKeys.getPrivate(), new X509Certificate[]{server, ca}, null),
                    new TestUpstream.ServerTls(serverKeys.getPrivate(), new X509Certificate[]{server, ca}, ca));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test certificates", e);
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                               boolean ca, KeyPurposeId purpose, GeneralNames names) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (purpose != null) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (names != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    private static Path pem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
        return file;
    }
}
