package dev.otlp.runtime.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlp.runtime.testing.PollingAwait;
import dev.otlp.runtime.testing.SecretVolume;
import dev.otlp.runtime.testing.TestCertificates;
import dev.otlp.runtime.testing.TestUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A credential change that does not load is logged once, not at every check of the files: the runtime process's
 * own log holds exactly one WARN line per broken change while the watcher goes on checking. That it went on
 * checking is counted, not slept for: after each broken change another watched file changes three times, and each
 * change is awaited as a successful reload, which only a later check of the files can make.
 */
class BrokenCredentialLogEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROKEN_PEM = "-----BEGIN CERTIFICATE-----\nbm90LWEtY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";

    @TempDir
    Path dir;

    @Test
    void logsABrokenCertificateAndAnEmptyKeyFileOnceEachAcrossLaterChecks() throws Exception {
        try (TestUpstream upstream = TestUpstream.start()) {
            TestCertificates first = TestCertificates.create(Files.createDirectories(dir.resolve("first")));
            TestCertificates second = TestCertificates.create(Files.createDirectories(dir.resolve("second")));
            SecretVolume tls = new SecretVolume(dir.resolve("receiver-tls"));
            tls.write(serverTls(first));
            SecretVolume keys = new SecretVolume(dir.resolve("receiver-api-key"));
            keys.writeText(Map.of("api-key", "key-0\n"));
            Ports ports = Ports.free();
            Path config = Files.writeString(dir.resolve("runtime.toml"), """
                    [otlp]
                    endpoint = "%s"

                    """.formatted(upstream.grpcEndpoint()) + ports.toml());
            try (RuntimeProcess runtime = RuntimeProcess.start(dir, Map.of(
                    "RECEIVER_TLS_CERT_FILE", tls.path("tls.crt").toString(),
                    "RECEIVER_TLS_KEY_FILE", tls.path("tls.key").toString(),
                    "RECEIVER_API_KEY_FILE", keys.path("api-key").toString()), "--config", config.toString())) {
                runtime.awaitOutput("otlp exporter runtime ready");
                int before = warnings(runtime).size();

                tls.write(Map.of("tls.crt", BROKEN_PEM.getBytes(), "tls.key", Files.readAllBytes(first.serverKey())));
                awaitReloads(ports, "failure", 1);
                for (int i = 1; i <= 3; i++) {
                    keys.writeText(Map.of("api-key", "key-" + i + "\n"));
                    awaitReloads(ports, "success", i);
                }
                keys.writeText(Map.of("api-key", "\n"));
                awaitReloads(ports, "failure", 2);
                TestCertificates[] renewals = {second, first, second};
                for (int i = 0; i < renewals.length; i++) {
                    tls.write(serverTls(renewals[i]));
                    awaitReloads(ports, "success", 4 + i);
                }

                List<String> warned = warnings(runtime).subList(before, warnings(runtime).size());
                assertThat(warned).as("WARN lines after the broken changes").hasSize(2);
                assertThat(warned.get(0)).contains("receiver.tls_cert_file").doesNotContain("bm90LWEtY2VydGlmaWNhdGU");
                assertThat(warned.get(1)).contains("receiver.api_key_file");
                assertThat(reloads(ports, "failure")).as("the broken files were tried once each, not at every check")
                        .isEqualTo(2);
            }
        }
    }

    private static Map<String, byte[]> serverTls(TestCertificates certs) throws IOException {
        return Map.of("tls.crt", Files.readAllBytes(certs.serverCert()), "tls.key", Files.readAllBytes(certs.serverKey()));
    }

    /** The messages of the WARN lines the process logged so far, in order. */
    private static List<String> warnings(RuntimeProcess runtime) throws IOException {
        return runtime.output().lines().map(BrokenCredentialLogEndToEndTest::json)
                .filter(line -> "WARN".equals(line.path("level").asText()))
                .map(line -> line.path("message").asText()).toList();
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON log line: " + line, e);
        }
    }

    private static void awaitReloads(Ports ports, String result, int count) {
        PollingAwait.until(count + " reloads with result " + result, () -> reloads(ports, result) >= count);
    }

    /** {@code otlp_config_reload_total{result}} of the process now. */
    private static long reloads(Ports ports, String result) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.metrics() + "/metrics")).build();
        Matcher count = Pattern.compile("otlp_config_reload_total\\{result=\"" + result + "\"} ([0-9.]+)")
                .matcher(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return count.find() ? (long) Double.parseDouble(count.group(1)) : 0;
    }
}
