package dev.otlp.operator.reconciler;

import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.testing.AdjustableClock;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator renews the receiver's certificate before it expires, under the same CA, and the pods reload it from
 * their mounted Secret without a restart;
 * it replaces the CA only near the CA's own expiry, and clients' bundle trusts both CAs until the old one expires.
 */
class ReceiverCertificateRenewalTest {

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private final Cluster cluster = new Cluster(env);
    private final AdjustableClock clock = new AdjustableClock();
    private FleetUnderTest fleet;

    @AfterEach
    void stopOperator() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void replacesTheCaNearItsExpiryAndClientsTrustBothUntilTheOldOneExpires() throws Exception {
        fleet = new FleetUnderTest(env, new OperatorSettings(FleetUnderTest.IMAGE, Set.of(), null, Cluster.RESYNC), clock);
        cluster.create("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: gateway}
                spec:
                  upstream: {endpoint: "http://collector.observability.svc:4317"}
                  receiver: {tls: {generate: true}}
                """);
        cluster.awaitReady("gateway");
        String oldCa = cluster.get(Secret.class, "gateway-receiver-ca").getData().get("ca.crt");
        assertThat(bundle()).isEqualTo(decode(oldCa));
        Instant oldCaExpiry = certificate(oldCa).getNotAfter().toInstant();
        Deployment deploymentBefore = cluster.get(Deployment.class, "gateway");

        clock.advance(Duration.between(clock.instant(), oldCaExpiry.minus(Duration.ofDays(60))));
        awaitUntil("a new CA", () -> !cluster.get(Secret.class, "gateway-receiver-ca").getData().get("ca.crt").equals(oldCa));

        Secret ca = cluster.get(Secret.class, "gateway-receiver-ca");
        String newCa = ca.getData().get("ca.crt");
        assertThat(ca.getData()).containsOnlyKeys("ca.crt", "ca.key", "previous-ca.crt");
        awaitUntil("the ConfigMap holds the new CA and the one it replaced",
                () -> bundle().equals(decode(newCa) + decode(oldCa)));
        awaitUntil("the server certificate is signed by the new CA",
                () -> cluster.get(Secret.class, "gateway-receiver-tls").getData().get("ca.crt").equals(newCa));
        assertThat(cluster.operatorWritesWhileIdle(fleet)).as("settled").isEmpty();
        assertThat(cluster.get(Deployment.class, "gateway").getSpec().getTemplate()).as("no restart")
                .isEqualTo(deploymentBefore.getSpec().getTemplate());

        clock.advance(Duration.ofDays(61));
        awaitUntil("the expired CA leaves the bundle", () -> bundle().equals(decode(newCa)));
        assertThat(cluster.get(Secret.class, "gateway-receiver-ca").getData()).containsOnlyKeys("ca.crt", "ca.key")
                .containsEntry("ca.crt", newCa);
    }

    private String bundle() {
        return cluster.get(ConfigMap.class, "gateway-receiver-ca").getData().get("ca.crt");
    }

    private static X509Certificate certificate(String base64Pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    @Test
    void renewsTheServerCertificateBeforeItExpiresKeepingTheCaAndThePods() {
        fleet = new FleetUnderTest(env, new OperatorSettings(FleetUnderTest.IMAGE, Set.of(), null, Cluster.RESYNC), clock);
        cluster.create("""
                apiVersion: otlp.dev/v1alpha1
                kind: OtlpExporter
                metadata: {name: gateway}
                spec:
                  upstream: {endpoint: "http://collector.observability.svc:4317"}
                  receiver: {tls: {generate: true}}
                """);
        cluster.awaitReady("gateway");
        Secret issued = cluster.get(Secret.class, "gateway-receiver-tls");
        Secret ca = cluster.get(Secret.class, "gateway-receiver-ca");
        Deployment deploymentBefore = cluster.get(Deployment.class, "gateway");

        clock.advance(Duration.ofDays(45));
        Cluster.sleep(Duration.ofSeconds(1));
        assertThat(cluster.get(Secret.class, "gateway-receiver-tls").getData()).as("45 days in, nothing to renew")
                .isEqualTo(issued.getData());

        clock.advance(Duration.ofDays(16));
        awaitUntil("the server certificate is renewed", () -> !cluster.get(Secret.class, "gateway-receiver-tls")
                .getData().get("tls.crt").equals(issued.getData().get("tls.crt")));

        Secret renewed = cluster.get(Secret.class, "gateway-receiver-tls");
        assertThat(renewed.getData().get("ca.crt")).as("clients keep trusting the same CA").isEqualTo(issued.getData().get("ca.crt"));
        assertThat(renewed.getData().get("tls.key")).isNotEqualTo(issued.getData().get("tls.key"));
        assertThat(renewed.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
        assertThat(cluster.get(Secret.class, "gateway-receiver-ca")).as("the CA Secret is not rewritten").isEqualTo(ca);
        awaitUntil("a Normal Event says the certificate was renewed", () -> cluster.events("gateway", "CertificateRenewed")
                .stream().anyMatch(event -> event.getType().equals("Normal")
                        && event.getMessage().contains("Secret gateway-receiver-tls")));
        assertThat(cluster.operatorWritesWhileIdle(fleet)).as("settled").isEmpty();
        Deployment deploymentAfter = cluster.get(Deployment.class, "gateway");
        assertThat(deploymentAfter.getMetadata().getResourceVersion()).as("the pods reload the certificate: no restart")
                .isEqualTo(deploymentBefore.getMetadata().getResourceVersion());
    }
}
