package dev.otlp.runtime.tls;

import dev.otlp.runtime.testing.TestCertificates;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PemFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsPkcs8RsaAndEcKeys() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            PrivateKey key = keys(algorithm).getPrivate();
            Path file = pem("pkcs8-" + algorithm + ".pem", new JcaPKCS8Generator(key, null));

            assertThat(PemFiles.privateKey(file)).isEqualTo(key);
        }
    }

    @Test
    void readsPkcs1RsaKeys() throws Exception {
        PrivateKey key = keys("RSA").getPrivate();
        Path file = pem("pkcs1.pem", key);

        assertThat(Files.readString(file)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PemFiles.privateKey(file).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void readsACertificateChainAndItsKeyAsKeyManagers() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);

        assertThat(PemFiles.certificates(certs.caCert())).hasSize(1);
        assertThat(PemFiles.keyManagers(certs.clientCert(), certs.clientKeyPkcs1()).getKeyManagers()).isNotEmpty();
    }

    @Test
    void namesTheFileWithoutItsContentWhenItHoldsNoKey() throws Exception {
        Path file = dir.resolve("not-a-key.pem");
        String secret = Base64.getEncoder().encodeToString("do not print me".getBytes());
        Files.writeString(file, "-----BEGIN SECRET-----\n" + secret + "\n-----END SECRET-----\n");

        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("PRIVATE KEY")
                .hasMessageNotContaining(secret);
    }

    @Test
    void refusesEncryptedKeys() throws Exception {
        Path file = dir.resolve("encrypted.pem");
        Files.writeString(file, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PemFiles.privateKey(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("encrypted");
    }

    @Test
    void namesTheFileThatHoldsNoCertificate() throws Exception {
        Path file = dir.resolve("empty.pem");
        Files.writeString(file, "");

        assertThatThrownBy(() -> PemFiles.certificates(file))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining(file.toString());
    }

    private static KeyPair keys(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("EC") ? 256 : 2048);
        return generator.generateKeyPair();
    }

    private Path pem(String name, Object object) throws Exception {
        Path file = dir.resolve(name);
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return file;
    }
}
