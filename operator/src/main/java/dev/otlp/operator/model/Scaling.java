package dev.otlp.operator.model;

import dev.otlp.operator.api.AutoscalingEngine;
import dev.otlp.operator.api.AutoscalingMetricsSpec;
import dev.otlp.operator.api.AutoscalingSpec;
import dev.otlp.operator.api.DisruptionBudgetSpec;
import dev.otlp.operator.api.OtlpExporterSpec;
import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How many pods run, and who decides: {@code spec.replicas}, or the HorizontalPodAutoscaler of
 * {@code spec.autoscaling} (or KEDA's); and the PodDisruptionBudget that guards them.
 *
 * @param replicas          {@code spec.replicas}, 1 when unset
 * @param autoscaling       the autoscaler's engine, bounds and targets, when {@code spec.autoscaling} is set
 * @param disruptionBudget  the budget's {@code maxUnavailable} (1 unless {@code spec.podDisruptionBudget} says),
 *                          present only when more than one pod runs or may run: a budget on a single pod would block
 *                          every drain or do nothing, and a DaemonSet's one pod per node a drain moves by definition
 */
public record Scaling(int replicas, Optional<Autoscaling> autoscaling, Optional<IntOrString> disruptionBudget) {

    private static final int DEFAULT_REPLICAS = 1;
    private static final IntOrString DEFAULT_MAX_UNAVAILABLE = new IntOrString(1);

    /** A metric the exporter scales on; {@link #custom} ones are the runtime's own, read through Prometheus. */
    public enum Metric {
        CPU("cpu"), QUEUE_FILL("queueFill"), RECEIVED_ITEMS_RATE("receivedItemsRate");

        private final String field;

        Metric(String field) {
            this.field = field;
        }

        /** Its name under {@code spec.autoscaling.metrics}. */
        public String field() {
            return field;
        }

        public boolean custom() {
            return this != CPU;
        }
    }

    /**
     * The per-pod average of {@code metric} that the autoscaler aims for: percent of the requested CPU, a fill
     * ratio, or items per second.
     */
    public record Target(Metric metric, double value) {
    }

    /**
     * The autoscaler's engine, bounds and targets.
     *
     * @param minReplicas       {@code minReplicas}, 1 when unset
     * @param targets           the metrics of {@code spec.autoscaling.metrics}, in the order of {@link Metric}; when it
     *                          is unset, CPU at {@code targetCPUUtilizationPercentage}, 80 when unset, as its
     *                          description says
     * @param prometheusAddress the Prometheus that KEDA's triggers query
     */
    public record Autoscaling(int minReplicas, int maxReplicas, AutoscalingEngine engine, List<Target> targets,
                              Optional<String> prometheusAddress) {

        private static final int DEFAULT_MIN_REPLICAS = 1;
        private static final int DEFAULT_CPU_UTILIZATION = 80;

        /** {@code spec.autoscaling} with its defaults; also for the watches, which read cached resources without a model. */
        public static Autoscaling of(AutoscalingSpec spec) {
            return new Autoscaling(Optional.ofNullable(spec.getMinReplicas()).orElse(DEFAULT_MIN_REPLICAS),
                    spec.getMaxReplicas(), Optional.ofNullable(spec.getEngine()).orElse(AutoscalingEngine.HPA),
                    targets(spec), Optional.ofNullable(spec.getPrometheusAddress()));
        }

        private static List<Target> targets(AutoscalingSpec spec) {
            AutoscalingMetricsSpec metrics = spec.getMetrics();
            if (metrics == null) {
                return List.of(new Target(Metric.CPU, Optional.ofNullable(spec.getTargetCPUUtilizationPercentage())
                        .orElse(DEFAULT_CPU_UTILIZATION)));
            }
            List<Target> targets = new ArrayList<>();
            Optional.ofNullable(metrics.getCpu()).ifPresent(cpu -> targets.add(new Target(Metric.CPU, cpu)));
            Optional.ofNullable(metrics.getQueueFill()).ifPresent(fill -> targets.add(new Target(Metric.QUEUE_FILL, fill)));
            Optional.ofNullable(metrics.getReceivedItemsRate())
                    .ifPresent(rate -> targets.add(new Target(Metric.RECEIVED_ITEMS_RATE, rate)));
            return List.copyOf(targets);
        }

        /** The targets on the runtime's own metrics, which only Prometheus (through an adapter or KEDA) serves. */
        public List<Target> customTargets() {
            return targets.stream().filter(target -> target.metric().custom()).toList();
        }

        /** Whether a HorizontalPodAutoscaler reads custom metrics, which need the custom metrics API. */
        public boolean readsCustomMetricsApi() {
            return engine == AutoscalingEngine.HPA && !customTargets().isEmpty();
        }
    }

    static Scaling of(OtlpExporterSpec spec, WorkloadKind workloadKind) {
        int replicas = Optional.ofNullable(spec.getReplicas()).orElse(DEFAULT_REPLICAS);
        Optional<Autoscaling> autoscaling = Optional.ofNullable(spec.getAutoscaling()).map(Autoscaling::of);
        boolean severalPods = autoscaling.isPresent() || replicas > 1;
        Optional<IntOrString> disruptionBudget = workloadKind.scales() && severalPods
                ? Optional.of(Optional.ofNullable(spec.getPodDisruptionBudget())
                        .map(DisruptionBudgetSpec::getMaxUnavailable).orElse(DEFAULT_MAX_UNAVAILABLE))
                : Optional.empty();
        return new Scaling(replicas, autoscaling, disruptionBudget);
    }

    /**
     * The replica count the workload gets: {@link #replicas}; while autoscaling, the HPA's current count, so the
     * operator never undoes a scaling decision ({@code minReplicas} when the workload is new).
     *
     * @param actualReplicas the workload's count as it stands, or null when it does not exist yet
     */
    public int workloadReplicas(Integer actualReplicas) {
        return autoscaling.map(bounds -> Optional.ofNullable(actualReplicas).orElse(bounds.minReplicas()))
                .orElse(replicas);
    }
}
