package dev.otlp.operator.testing;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.app.WithoutServerSideApply;
import dev.otlp.cluster.EmbeddedApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One embedded API server per test class, with the OtlpExporter CRD (and any others asked for)
 * installed, a client, a {@link Kubelet}, a {@link RequestRecorder}, and operators that tests
 * start and that are stopped after each test.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final OperatorTestEnvironment env = new OperatorTestEnvironment();
 * </pre>
 */
public final class OperatorTestEnvironment implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** The {@code User-Agent} of the operators' client, to tell their requests from the test's own. */
    public static final String OPERATOR_USER_AGENT = "otlp-fleet-operator-under-test";

    private static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration AWAIT_POLL = Duration.ofMillis(20);
    private static final AtomicInteger namespaces = new AtomicInteger();

    private final List<String> crdResources = new ArrayList<>(List.of(OtlpExporter.GENERATED_CRD));
    private final List<Operator> operators = new ArrayList<>();
    private final RequestRecorder requests = new RequestRecorder();
    private EmbeddedApiServer apiServer;
    private Kubelet kubelet;

    /** Also installs the CRD held in this classpath resource before the tests run. */
    public OperatorTestEnvironment withCrd(String classpathResource) {
        crdResources.add(classpathResource);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        apiServer = EmbeddedApiServer.start(0);
        apiServer.addRequestListener(requests);
        crdResources.forEach(this::installCrd);
        kubelet = new Kubelet(apiServer.client());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        operators.forEach(Operator::stop);
        operators.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        apiServer.close();
    }

    public EmbeddedApiServer apiServer() {
        return apiServer;
    }

    /** The test's own client; operators get one of their own. */
    public KubernetesClient client() {
        return apiServer.client();
    }

    public Kubelet kubelet() {
        return kubelet;
    }

    public RequestRecorder requests() {
        return requests;
    }

    /** A namespace name no other test in this JVM uses (the server does not need it created). */
    public static String uniqueNamespace() {
        return "test-" + namespaces.incrementAndGet();
    }

    /** Installs a CRD from the classpath, for example after an operator started. */
    public void installCrd(String classpathResource) {
        apiServer.installCrdFromClasspath(classpathResource);
    }

    /**
     * Starts an operator on a client of its own, configured as on the embedded server (no
     * server-side apply), stopped after the test.
     *
     * @param registrations registers the reconcilers
     */
    public Operator startOperator(Consumer<Operator> registrations) {
        return startOperator(registrations, overrider -> {
        });
    }

    /** As {@link #startOperator(Consumer)}, with further settings. */
    public Operator startOperator(Consumer<Operator> registrations, Consumer<ConfigurationServiceOverrider> settings) {
        KubernetesClient operatorClient = apiServer.newClient(OPERATOR_USER_AGENT);
        Operator operator = new Operator(overrider -> {
            WithoutServerSideApply.configure(overrider)
                    .withKubernetesClient(operatorClient)
                    .withCloseClientOnStop(true)
                    .withStopOnInformerErrorDuringStartup(true)
                    .withCacheSyncTimeout(Duration.ofSeconds(30))
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(5));
            settings.accept(overrider);
        });
        operators.add(operator);
        registrations.accept(operator);
        operator.start();
        return operator;
    }

    /** Waits (with Awaitility) until the condition holds; a condition that throws counts as not holding yet. */
    public static void awaitUntil(String description, BooleanSupplier condition) {
        Awaitility.await(description).atMost(AWAIT_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(AWAIT_POLL)
                .ignoreExceptions().until(condition::getAsBoolean);
    }
}
