package dev.otlp.operator.model;

import dev.otlp.operator.api.AutoscalingSpec;
import dev.otlp.operator.api.DisruptionBudgetSpec;
import dev.otlp.operator.api.OtlpExporterSpec;
import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.Optional;

/**
 * How many pods run, and who decides: {@code spec.replicas}, or the HorizontalPodAutoscaler of
 * {@code spec.autoscaling}; and the PodDisruptionBudget that guards them.
 *
 * @param replicas          {@code spec.replicas}, 1 when unset
 * @param autoscaling       the HorizontalPodAutoscaler's bounds, when {@code spec.autoscaling} is set
 * @param disruptionBudget  the budget's {@code maxUnavailable} (1 unless {@code spec.podDisruptionBudget} says),
 *                          present only when more than one pod runs or may run: a budget on a single pod would block
 *                          every drain or do nothing, and a DaemonSet's one pod per node a drain moves by definition
 */
public record Scaling(int replicas, Optional<Autoscaling> autoscaling, Optional<IntOrString> disruptionBudget) {

    private static final int DEFAULT_REPLICAS = 1;
    private static final IntOrString DEFAULT_MAX_UNAVAILABLE = new IntOrString(1);

    /**
     * The HorizontalPodAutoscaler's bounds and target.
     *
     * @param minReplicas          {@code minReplicas}, 1 when unset
     * @param targetCpuUtilization {@code targetCPUUtilizationPercentage}, 80 when unset, as its description says
     */
    public record Autoscaling(int minReplicas, int maxReplicas, int targetCpuUtilization) {

        private static final int DEFAULT_MIN_REPLICAS = 1;
        private static final int DEFAULT_CPU_UTILIZATION = 80;

        static Autoscaling of(AutoscalingSpec spec) {
            return new Autoscaling(Optional.ofNullable(spec.getMinReplicas()).orElse(DEFAULT_MIN_REPLICAS),
                    spec.getMaxReplicas(),
                    Optional.ofNullable(spec.getTargetCPUUtilizationPercentage()).orElse(DEFAULT_CPU_UTILIZATION));
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
