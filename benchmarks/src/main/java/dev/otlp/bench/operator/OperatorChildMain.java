package dev.otlp.bench.operator;

import dev.otlp.operator.app.OperatorSettings;
import dev.otlp.operator.app.OtlpFleetOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The operator as {@link FleetScale} forks it: {@link OtlpFleetOperator} with the cluster of
 * {@code KUBECONFIG}, all namespaces, no leader election and the resync interval of its one
 * argument (which {@code OperatorMain} does not take). Reads commands from stdin: {@code stats}
 * prints one {@link OperatorStats} line, {@code gc} does so after a full GC; end of input stops it.
 */
public final class OperatorChildMain {

    static final String USER_AGENT = "otlp-fleet-operator";
    static final String STARTED = "fleetscale-operator-started";

    /** The reconcile timer's 99th percentile, over the last minute or two. */
    private static final MeterFilter RECENT_P99 = new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            return id.getName().equals(OperatorStats.RECONCILE_TIMER)
                    ? DistributionStatisticConfig.builder().percentiles(0.99).expiry(Duration.ofMinutes(1)).bufferLength(2)
                    .build().merge(config)
                    : config;
        }
    };

    private OperatorChildMain() {
    }

    @SuppressWarnings({"try", "PMD.UnusedLocalVariable"}) // the operator runs on its own threads while it is open
    public static void main(String[] args) throws Exception {
        Duration resync = Duration.parse(args[0]);
        Config config = new io.fabric8.kubernetes.client.ConfigBuilder(Config.autoConfigure(null))
                .withUserAgent(USER_AGENT)
                .withHttp2Disable(true)
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(RECENT_P99);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             OtlpFleetOperator operator = OtlpFleetOperator.start(client,
                     new OperatorSettings(OperatorSettings.DEFAULT_RUNTIME_IMAGE, Set.of(), null, resync),
                     registry, Clock.systemUTC())) {
            System.out.println(STARTED);
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.equals("gc")) {
                    System.gc();
                }
                if (line.equals("stats") || line.equals("gc")) {
                    System.out.println(OperatorStats.PREFIX + OperatorStats.encode(stats(registry)));
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }

    /** Counters summed over their tags and gauges, by meter name, timers' recent p99 (the largest over their tags), and the heap in use. */
    private static Map<String, Double> stats(SimpleMeterRegistry registry) {
        Map<String, Double> values = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            if (meter instanceof Counter counter) {
                values.merge(name, counter.count(), Double::sum);
            } else if (meter instanceof Gauge gauge) {
                values.merge(name, gauge.value(), Double::sum);
            } else if (meter instanceof Timer timer) {
                for (ValueAtPercentile percentile : timer.takeSnapshot().percentileValues()) {
                    values.merge(name + OperatorStats.P99, percentile.value(TimeUnit.SECONDS), Math::max);
                }
            }
        }
        values.put(OperatorStats.HEAP_USED, (double) ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return values;
    }
}
