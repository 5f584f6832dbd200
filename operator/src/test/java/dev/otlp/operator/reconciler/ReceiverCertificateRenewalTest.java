package dev.otlp.operator.reconciler;

import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.testing.AdjustableClock;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Set;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The operator renews the receiver's certificate before it expires, under the same CA, and rolls the pods onto it. */
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
    void renewsTheServerCertificateBeforeItExpiresKeepingTheCaAndRollingThePods() {
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
        String hashBefore = Cluster.configHash(cluster.get(Deployment.class, "gateway"));

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
        awaitUntil("the pods roll onto the new certificate",
                () -> !Cluster.configHash(cluster.get(Deployment.class, "gateway")).equals(hashBefore));
        awaitUntil("a Normal Event says the certificate was renewed", () -> cluster.events("gateway", "CertificateRenewed")
                .stream().anyMatch(event -> event.getType().equals("Normal")
                        && event.getMessage().contains("Secret gateway-receiver-tls")));
    }
}
