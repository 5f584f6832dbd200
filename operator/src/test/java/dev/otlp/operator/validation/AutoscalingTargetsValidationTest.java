package dev.otlp.operator.validation;

import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.testing.Exporters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad targets of {@code spec.autoscaling.metrics} are refused, each naming its field and saying what it takes. */
class AutoscalingTargetsValidationTest {

    private static final String UPSTREAM = "upstream: {endpoint: http://collector.observability.svc:4317}\n";

    private static List<SpecProblem> problems(String autoscaling) {
        return SpecValidation.problems(Exporters.withSpec(UPSTREAM + "autoscaling: " + autoscaling + "\n"));
    }

    @Test
    void targetsWithinTheirBoundsAreAccepted() {
        assertThat(problems("{maxReplicas: 10, metrics: {cpu: 70, queueFill: 0.5, receivedItemsRate: 50000}}")).isEmpty();
        assertThat(problems("{maxReplicas: 10, metrics: {queueFill: 1}}")).isEmpty();
        assertThat(problems("{maxReplicas: 10, engine: keda, prometheusAddress: \"http://prometheus.monitoring.svc:9090\","
                + " metrics: {queueFill: 0.5}}")).isEmpty();
        assertThat(problems("{maxReplicas: 10, engine: keda, metrics: {cpu: 60}}")).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            spec.autoscaling.metrics.queueFill         | {maxReplicas: 4, metrics: {queueFill: 1.5}}        | must be at most 1, got 1.5
            spec.autoscaling.metrics.queueFill         | {maxReplicas: 4, metrics: {queueFill: 0}}          | must be at least 0.01, got 0.0
            spec.autoscaling.metrics.receivedItemsRate | {maxReplicas: 4, metrics: {receivedItemsRate: 0}}  | must be at least 1, got 0
            spec.autoscaling.metrics.cpu               | {maxReplicas: 4, metrics: {cpu: 0}}                | must be at least 1, got 0
            spec.autoscaling.metrics                   | {maxReplicas: 4, metrics: {}}                      | names no metric: set at least one of cpu, queueFill, receivedItemsRate
            spec.autoscaling.targetCPUUtilizationPercentage | {maxReplicas: 4, targetCPUUtilizationPercentage: 70, metrics: {queueFill: 0.5}} | is set beside spec.autoscaling.metrics: give the CPU target as spec.autoscaling.metrics.cpu
            spec.autoscaling.prometheusAddress         | {maxReplicas: 4, engine: keda, metrics: {receivedItemsRate: 1000}} | is required with engine keda and a queueFill or receivedItemsRate target: KEDA's Prometheus trigger queries it
            spec.autoscaling.prometheusAddress         | {maxReplicas: 4, engine: keda, prometheusAddress: prometheus:9090, metrics: {queueFill: 0.5}} | must be an http:// or https:// URL with a host
            """)
    void badTargetsAreRefusedNamingTheirField(String field, String autoscaling, String message) {
        assertThat(problems(autoscaling)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo(field);
            assertThat(problem.message()).contains(message);
        });
    }

    @Test
    void anEngineOtherThanHpaOrKedaIsRefused() {
        assertThat(problems("{maxReplicas: 4, engine: vpa}")).singleElement()
                .satisfies(problem -> assertThat(problem.field()).isEqualTo("spec.autoscaling.engine"));
    }
}
