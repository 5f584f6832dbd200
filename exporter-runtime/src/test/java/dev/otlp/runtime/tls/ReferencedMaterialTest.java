package dev.otlp.runtime.tls;

import dev.otlp.runtime.config.ConfigCheck;
import dev.otlp.runtime.config.ConfigProblem;
import dev.otlp.runtime.config.RuntimeConfig;
import dev.otlp.runtime.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --check-config} refuses the certificate and key files that start-up could not load. */
class ReferencedMaterialTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private int checkConfig(String toml) throws IOException {
        Path file = Files.writeString(dir.resolve("runtime.toml"), toml);
        return ConfigCheck.run(file, Map.of(), new PrintStream(printed, true, StandardCharsets.UTF_8),
                ReferencedMaterial::problems);
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsCertificatesAndKeysThatLoad() throws IOException {
        TestCertificates certs = TestCertificates.create(dir);

        int exit = checkConfig("""
                [otlp]
                endpoint = "https://collector.example.com:4317"
                [tls]
                ca_file = "%s"
                cert_file = "%s"
                key_file = "%s"
                [receiver]
                tls_cert_file = "%s"
                tls_key_file = "%s"
                """.formatted(certs.caCert(), certs.clientCert(), certs.clientKeyPkcs1(), certs.serverCert(), certs.serverKey()));

        assertThat(exit).as(output()).isEqualTo(ConfigCheck.VALID);
    }

    @Test
    void refusesACaFileWithoutACertificateAndAKeyFileWithoutAKey() throws IOException {
        TestCertificates certs = TestCertificates.create(dir);
        Path notACertificate = Files.writeString(dir.resolve("ca.crt"), "not a certificate\\n");
        Path notAKey = Files.writeString(dir.resolve("server.key"), "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n");

        int exit = checkConfig("""
                [otlp]
                endpoint = "https://collector.example.com:4317"
                [tls]
                ca_file = "%s"
                [receiver]
                tls_cert_file = "%s"
                tls_key_file = "%s"
                """.formatted(notACertificate, certs.serverCert(), notAKey));

        assertThat(exit).isEqualTo(ConfigCheck.INVALID);
        assertThat(output().lines()).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("tls.ca_file: ").contains(notACertificate.toString()))
                .anySatisfy(line -> assertThat(line).startsWith("receiver.tls_cert_file: ").contains(notAKey.toString()));
    }

    @Test
    void findsNothingToLoadInTheEmbeddedDefault() {
        assertThat(ReferencedMaterial.problems(RuntimeConfig.defaults()))
                .extracting(ConfigProblem::key).isEmpty();
    }
}
