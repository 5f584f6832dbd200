package dev.otlp.operator.app;

import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.testing.AdjustableClock;
import dev.otlp.operator.testing.Exporters;
import dev.otlp.operator.testing.OperatorTestEnvironment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.otlp.operator.testing.OperatorTestEnvironment.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /healthz} fails, naming why, while JOSDK has reconciliations pending and none has ended
 * for longer than the stall timeout, and answers 200 again once one ends; an operator with nothing
 * to do stays live however long it idles. Driven by JOSDK's real event processing, with a
 * reconciler the test holds and releases, and a clock the test moves.
 */
class ReconcileWatchdogTest {

    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(5);

    @RegisterExtension
    static final OperatorTestEnvironment env = new OperatorTestEnvironment();

    private final String namespace = OperatorTestEnvironment.uniqueNamespace();
    private final AdjustableClock clock = new AdjustableClock();
    private final HeldReconciler reconciler = new HeldReconciler();
    private final PrometheusMeterRegistry registry = OperatorMeterRegistry.create();
    private ReconcileWatchdog watchdog;
    private OperatorEndpoints endpoints;

    @BeforeEach
    void startOperatorAndEndpoints() {
        watchdog = new ReconcileWatchdog(MicrometerMetrics.withoutPerResourceMetrics(registry), registry, clock, STALL_TIMEOUT);
        env.startOperator(operator -> operator.register(reconciler, controller -> controller.settingNamespace(namespace)),
                overrider -> overrider.withMetrics(watchdog));
        endpoints = OperatorEndpoints.start(0, 0, watchdog::stall, () -> true, registry);
    }

    @AfterEach
    void releaseAndClose() {
        reconciler.passes.release(1_000);
        endpoints.close();
    }

    @Test
    void failsWhileAReconcileIsStuckWithWorkQueuedAndRecoversOnProgress() throws Exception {
        env.client().resource(Exporters.minimal(namespace, "stuck")).create();
        assertThat(reconciler.entered.await(30, TimeUnit.SECONDS)).as("the reconcile started").isTrue();
        env.client().resource(Exporters.minimal(namespace, "queued")).create();
        awaitUntil("both reconciliations are pending", () -> watchdog.pending() == 2);
        clock.advance(STALL_TIMEOUT.minusSeconds(1));

        assertThat(get("/healthz").statusCode()).as("stuck, but not yet for the stall timeout").isEqualTo(200);

        clock.advance(Duration.ofSeconds(2));

        HttpResponse<String> stalled = get("/healthz");
        assertThat(stalled.statusCode()).isEqualTo(503);
        assertThat(stalled.body()).isEqualTo("stalled: 2 reconciliation(s) pending and none ended for 301s (threshold 300s)\n");
        assertThat(get("/metrics").body())
                .contains("otlp_fleet_operator_reconciles_pending 2.0")
                .contains("otlp_fleet_operator_reconciles_stalled_seconds 301.0");

        reconciler.passes.release(1);
        awaitUntil("one reconcile ended", () -> watchdog.pending() == 1);

        assertThat(get("/healthz").statusCode()).as("progress, with one still pending").isEqualTo(200);
        assertThat(get("/metrics").body()).contains("otlp_fleet_operator_reconciles_stalled_seconds 0.0");
    }

    @Test
    void staysLiveWhenIdleForLongerThanTheStallTimeout() throws Exception {
        reconciler.passes.release(1_000);
        env.client().resource(Exporters.minimal(namespace, "done")).create();
        awaitUntil("the reconcile ended", () -> reconciler.ended.get() >= 1 && watchdog.pending() == 0);

        clock.advance(STALL_TIMEOUT.multipliedBy(10));

        HttpResponse<String> idle = get("/healthz");
        assertThat(idle.statusCode()).isEqualTo(200);
        assertThat(idle.body()).isEqualTo("ok\n");
        assertThat(get("/metrics").body()).contains("otlp_fleet_operator_reconciles_pending 0.0");
    }

    private HttpResponse<String> get(String path) throws Exception {
        int port = path.equals("/metrics") ? endpoints.metricsPort() : endpoints.healthPort();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Each reconcile waits for a pass from the test. */
    @ControllerConfiguration(name = "held")
    static final class HeldReconciler implements Reconciler<OtlpExporter> {

        final Semaphore passes = new Semaphore(0);
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger ended = new AtomicInteger();

        @Override
        public UpdateControl<OtlpExporter> reconcile(OtlpExporter exporter, Context<OtlpExporter> context)
                throws InterruptedException {
            entered.countDown();
            passes.acquire();
            ended.incrementAndGet();
            return UpdateControl.noUpdate();
        }
    }
}
