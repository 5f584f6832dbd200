package dev.otlp.operator.reconciler;

import dev.otlp.operator.testing.OperatorTestEnvironment;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.otlp.operator.api.ReceiverApiKeyStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code receiver.tls.generate} and {@code receiver.auth.apiKey.generate}: issued once, mounted, kept, never shown;
 * the receiver CA's key is kept apart and never mounted, and clients get the CA's certificate alone in a ConfigMap.
 */
class GeneratedReceiverSecretsTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private static final String SECURE = """
            apiVersion: otlp.dev/v1alpha1
            kind: OtlpExporter
            metadata:
              name: secure
            spec:
              upstream:
                endpoint: http://collector.observability.svc:4317
              receiver:
                tls:
                  generate: true
                auth:
                  apiKey:
                    generate: true
            """;

    private final Cluster cluster = new Cluster(env);
    /** The operator's own and JOSDK's loggers, at the most talkative level a user might set. */
    private static final List<String> OPERATOR_LOGGERS = List.of("dev.otlp.operator", "io.javaoperatorsdk");

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private FleetUnderTest fleet;

    @BeforeEach
    void captureLogs() {
        logs.start();
        rootLogger().addAppender(logs);
        OPERATOR_LOGGERS.forEach(name -> logger(name).setLevel(Level.DEBUG));
        fleet = new FleetUnderTest(env, Cluster.RESYNC);
    }

    @AfterEach
    void stop() {
        fleet.close();
        OPERATOR_LOGGERS.forEach(name -> logger(name).setLevel(null));
        rootLogger().detachAppender(logs);
    }

    @Test
    void issuesACertificateForTheServiceAndAKeyMountsThemAndKeepsThemAcrossResyncsAndRestarts() throws Exception {
        cluster.create(SECURE);
        cluster.awaitReady("secure");

        Secret tls = cluster.get(Secret.class, "secure-receiver-tls");
        assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(tls.getData()).as("what clients may be given ca.crt from holds no CA key")
                .containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        Secret ca = cluster.get(Secret.class, "secure-receiver-ca");
        assertThat(ca.getType()).isEqualTo("Opaque");
        assertThat(ca.getData()).containsOnlyKeys("ca.crt", "ca.key");
        assertThat(ca.getData().get("ca.crt")).isEqualTo(tls.getData().get("ca.crt"));
        assertThat(dnsNames(certificate(tls.getData().get("tls.crt"))))
                .contains("secure." + cluster.namespace() + ".svc");
        Secret apiKey = cluster.get(Secret.class, "secure-receiver-api-key");
        assertThat(decode(apiKey.getData().get("api-key"))).hasSizeGreaterThanOrEqualTo(32);
        ConfigMap bundle = cluster.get(ConfigMap.class, "secure-receiver-ca");
        assertThat(bundle.getData()).as("what clients mount to trust the receiver: the CA certificate, no key")
                .containsOnlyKeys("ca.crt");
        assertThat(bundle.getBinaryData()).isNullOrEmpty();
        assertThat(bundle.getData().get("ca.crt")).isEqualTo(decode(ca.getData().get("ca.crt")));
        certificate(tls.getData().get("tls.crt")).verify(certificate(encode(bundle.getData().get("ca.crt"))).getPublicKey());
        assertThat(bundle.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
                "app.kubernetes.io/name", "otlp-exporter", "app.kubernetes.io/instance", "secure",
                "app.kubernetes.io/managed-by", "otlp-fleet-operator"));
        assertThat(List.of(tls, ca, apiKey, bundle)).allSatisfy(object -> assertThat(object.getMetadata().getOwnerReferences())
                .singleElement().satisfies(owner -> {
                    assertThat(owner.getName()).isEqualTo("secure");
                    assertThat(owner.getController()).isTrue();
                }));

        var template = cluster.get(Deployment.class, "secure").getSpec().getTemplate();
        assertThat(Serialization.asJson(template)).as("the pod template names neither the CA's Secret nor its ConfigMap")
                .doesNotContain("secure-receiver-ca");
        var pod = template.getSpec();
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getSecret() != null)
                .extracting(volume -> volume.getSecret().getSecretName())
                .containsExactly("secure-receiver-tls");
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getProjected() != null).singleElement()
                .satisfies(volume -> assertThat(volume.getProjected().getSources())
                        .extracting(source -> source.getSecret().getName(), source -> source.getSecret().getOptional(),
                                source -> source.getSecret().getItems().get(0).getKey(),
                                source -> source.getSecret().getItems().get(0).getPath())
                        .as("the key, and the previous key while the Secret holds one")
                        .containsExactly(tuple("secure-receiver-api-key", null, "api-key", "api-key"),
                                tuple("secure-receiver-api-key", true, "api-key.previous", "api-key.previous")));
        assertThat(pod.getVolumes()).filteredOn(volume -> volume.getSecret() != null)
                .filteredOn(volume -> volume.getSecret().getSecretName().equals("secure-receiver-tls"))
                .singleElement().satisfies(volume -> assertThat(volume.getSecret().getItems())
                        .extracting(item -> item.getKey()).containsExactlyInAnyOrder("tls.crt", "tls.key", "ca.crt"));
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(VolumeMount::getMountPath)
                .contains("/etc/otlp/receiver-tls", "/etc/otlp/receiver-api-key");

        assertThat(cluster.operatorWritesWhileIdle(fleet)).as("writes over resyncs").isEmpty();
        assertThat(cluster.get(Secret.class, "secure-receiver-tls")).isEqualTo(tls);
        assertThat(cluster.get(Secret.class, "secure-receiver-ca")).isEqualTo(ca);
        assertThat(cluster.get(Secret.class, "secure-receiver-api-key")).isEqualTo(apiKey);
        assertThat(cluster.get(ConfigMap.class, "secure-receiver-ca")).isEqualTo(bundle);

        fleet.close();
        int mark = cluster.mark();
        String statusBefore = Serialization.asJson(cluster.exporter("secure").getStatus());
        fleet = new FleetUnderTest(env, Cluster.RESYNC);
        Cluster.sleep(Cluster.RESYNC.multipliedBy(10));

        assertThat(cluster.operatorWritesSince(mark)).as(() -> "writes of a restarted operator; status before the restart "
                + statusBefore + ", now " + Serialization.asJson(cluster.exporter("secure").getStatus())).isEmpty();
        assertThat(cluster.get(Secret.class, "secure-receiver-tls")).isEqualTo(tls);
        assertThat(cluster.get(Secret.class, "secure-receiver-ca")).isEqualTo(ca);
        assertThat(cluster.get(Secret.class, "secure-receiver-api-key")).isEqualTo(apiKey);
        assertThat(cluster.get(ConfigMap.class, "secure-receiver-ca")).isEqualTo(bundle);

        List<String> secretValues = secretValues(List.of(tls, ca, apiKey));
        String status = Serialization.asJson(cluster.exporter("secure").getStatus());
        String events = cluster.list(Event.class).stream().map(Serialization::asJson).collect(Collectors.joining("\n"));
        String logged = logged();
        assertThat(logged).as("the operator's log").contains("secure");
        for (String value : secretValues) {
            assertThat(status).doesNotContain(value);
            assertThat(events).doesNotContain(value);
            assertThat(logged).doesNotContain(value);
        }
    }

    @Test
    void rotatingTheKeyKeepsThePreviousOneForTheGracePeriodThenDeletesItWithoutTouchingThePods() {
        fleet.close();
        fleet = new FleetUnderTest(env, Duration.ofMinutes(10));
        cluster.create(SECURE + "        rotationGracePeriod: 3s\n");
        cluster.awaitReady("secure");
        Secret first = cluster.get(Secret.class, "secure-receiver-api-key");
        ReceiverApiKeyStatus before = cluster.exporter("secure").getStatus().getReceiverApiKey();
        assertThat(before.getCurrentSince()).as("status.receiverApiKey.currentSince").isNotNull();
        assertThat(before.getPreviousExpiresAt()).isNull();
        assertThat(before.getRotationHandled()).as("no rotation asked for yet").isNull();
        Deployment deployment = cluster.get(Deployment.class, "secure");

        cluster.annotate("secure", "otlp.dev/rotate-receiver-key", "2026-12-07");

        awaitUntil("a new key", () -> !cluster.get(Secret.class, "secure-receiver-api-key").getData().get("api-key")
                .equals(first.getData().get("api-key")));
        Secret rotated = cluster.get(Secret.class, "secure-receiver-api-key");
        assertThat(rotated.getData()).as("the new key, and the old one still accepted")
                .containsOnlyKeys("api-key", "api-key.previous")
                .containsEntry("api-key.previous", first.getData().get("api-key"));
        assertThat(rotated.getMetadata().getAnnotations()).containsEntry("otlp.dev/rotate-receiver-key", "2026-12-07");
        awaitUntil("the status dates both keys",
                () -> cluster.exporter("secure").getStatus().getReceiverApiKey().getPreviousExpiresAt() != null);
        ReceiverApiKeyStatus during = cluster.exporter("secure").getStatus().getReceiverApiKey();
        assertThat(during.getPreviousSince()).isEqualTo(before.getCurrentSince());
        assertThat(Instant.parse(during.getCurrentSince())).isAfterOrEqualTo(Instant.parse(before.getCurrentSince()));
        assertThat(Duration.between(Instant.parse(during.getCurrentSince()), Instant.parse(during.getPreviousExpiresAt())))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(during.getRotationHandled()).as("the request made").isEqualTo("2026-12-07");

        awaitUntil("the previous key is deleted when the grace period ends, long before a resync",
                () -> !cluster.get(Secret.class, "secure-receiver-api-key").getData().containsKey("api-key.previous"));
        Secret after = cluster.get(Secret.class, "secure-receiver-api-key");
        assertThat(after.getData()).isEqualTo(Map.of("api-key", rotated.getData().get("api-key")));
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKeys("otlp.dev/previous-api-key-expires-at",
                "otlp.dev/previous-api-key-since");
        awaitUntil("the status shows the current key alone",
                () -> cluster.exporter("secure").getStatus().getReceiverApiKey().getPreviousExpiresAt() == null);
        assertThat(cluster.exporter("secure").getStatus().getReceiverApiKey().getCurrentSince())
                .isEqualTo(during.getCurrentSince());
        assertThat(cluster.get(Deployment.class, "secure").getSpec().getTemplate())
                .as("the pods read the new key from their mounted files, without a restart")
                .isEqualTo(deployment.getSpec().getTemplate());

        List<String> keys = secretValues(List.of(first, rotated));
        String status = Serialization.asJson(cluster.exporter("secure").getStatus());
        String events = cluster.list(Event.class).stream().map(Serialization::asJson).collect(Collectors.joining("\n"));
        String secretMetadata = Serialization.asJson(after.getMetadata());
        String logged = logged();
        for (String value : keys) {
            assertThat(status).doesNotContain(value);
            assertThat(events).doesNotContain(value);
            assertThat(logged).doesNotContain(value);
            assertThat(secretMetadata).doesNotContain(value);
        }
    }

    @Test
    void turningCertificateGenerationOffDeletesTheCertificateItsCaAndTheCaConfigMap() {
        cluster.create(SECURE);
        cluster.awaitReady("secure");
        assertThat(cluster.get(Secret.class, "secure-receiver-ca")).isNotNull();
        assertThat(cluster.get(ConfigMap.class, "secure-receiver-ca")).isNotNull();

        cluster.editSpec("secure", spec -> spec.getReceiver().setTls(null));

        awaitUntil("the generated certificate, its CA and the CA's ConfigMap are deleted",
                () -> cluster.get(Secret.class, "secure-receiver-tls") == null
                        && cluster.get(Secret.class, "secure-receiver-ca") == null
                        && cluster.get(ConfigMap.class, "secure-receiver-ca") == null);
        assertThat(cluster.get(Secret.class, "secure-receiver-api-key")).isNotNull();
        assertThat(cluster.get(ConfigMap.class, "secure-config")).isNotNull();
    }

    @Test
    void theCaConfigMapHoldsTheBundleAloneWhateverIsAddedToIt() {
        cluster.create(SECURE);
        cluster.awaitReady("secure");
        String bundle = cluster.get(ConfigMap.class, "secure-receiver-ca").getData().get("ca.crt");

        cluster.edit(ConfigMap.class, "secure-receiver-ca", configMap -> {
            configMap.getData().put("ca.crt", bundle + "-----BEGIN CERTIFICATE-----\nTUlJQnRlc3Q=\n-----END CERTIFICATE-----\n");
            configMap.getData().put("other-ca.crt", "-----BEGIN CERTIFICATE-----\nTUlJQnRlc3Q=\n-----END CERTIFICATE-----\n");
            return configMap;
        });

        awaitUntil("the operator restores the bundle", () -> cluster.get(ConfigMap.class, "secure-receiver-ca").getData()
                .equals(Map.of("ca.crt", bundle)));
    }

    /** Each private value as stored (base64) and decoded, and for PEM each line of its body. */
    private static List<String> secretValues(List<Secret> secrets) {
        List<String> values = new ArrayList<>();
        for (Secret secret : secrets) {
            secret.getData().forEach((key, encoded) -> {
                if (key.equals("tls.crt") || key.equals("ca.crt")) {
                    return;
                }
                values.add(encoded);
                String decoded = decode(encoded);
                if (decoded.startsWith("-----BEGIN")) {
                    decoded.lines().filter(line -> !line.startsWith("-----")).forEach(values::add);
                } else {
                    values.add(decoded);
                }
            });
        }
        return values;
    }

    /** What was logged so far; the operator may log meanwhile, and an appender appends under its own lock. */
    private String logged() {
        List<ILoggingEvent> events;
        synchronized (logs) {
            events = new ArrayList<>(logs.list);
        }
        return events.stream().map(event -> event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    private static Logger rootLogger() {
        return logger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    private static X509Certificate certificate(String base64Pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
    }

    private static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        return names.stream().filter(name -> Integer.valueOf(2).equals(name.get(0)))
                .map(name -> (String) name.get(1)).toList();
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
