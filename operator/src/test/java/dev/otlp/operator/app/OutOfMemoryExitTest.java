package dev.otlp.operator.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otlp.cluster.EmbeddedApiServer;
import dev.otlp.cluster.testing.JavaChildProcess;
import dev.otlp.operator.api.OtlpExporter;
import dev.otlp.operator.testing.Exporters;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator out of heap exits, so that the kubelet restarts it, instead of staying up and
 * reconciling nothing: run with the chart's JVM options, whose heap alone is made small enough
 * for this test's fleet to exceed it, it runs out of heap caching exporters applied after it
 * started (in its informer and reconcile threads, not in {@code main}) and the process ends.
 */
class OutOfMemoryExitTest {

    private static final Path CHART_VALUES = Path.of("..", "helm", "otlp-fleet-operator", "values.yaml");
    private static final String SMALL_HEAP = "-Xmx40m";
    private static final int EXPORTERS = 300;
    private static final int ANNOTATION_CHARS = 200_000;
    /** What HotSpot exits with on {@code -XX:+ExitOnOutOfMemoryError}. */
    private static final int OUT_OF_MEMORY_EXIT = 3;

    @TempDir
    Path tmp;

    @Test
    void exitsWhenItRunsOutOfHeapAfterStarting() throws Exception {
        try (EmbeddedApiServer apiServer = EmbeddedApiServer.start(0)) {
            apiServer.installCrdFromClasspath(OtlpExporter.GENERATED_CRD);
            KubernetesClient client = apiServer.client();
            try (JavaChildProcess operator = JavaChildProcess.start(OperatorMain.class, tmp.resolve("operator.out"),
                    chartJvmOptionsWithHeap(SMALL_HEAP),
                    Map.of("KUBECONFIG", apiServer.writeKubeconfig(tmp.resolve("kubeconfig")).toString()),
                    "--no-leader-election", "--health-port", "0", "--metrics-port", "0")) {
                operator.awaitOutput(Pattern.compile("/healthz and /readyz on port (\\d+)"));

                Random random = new Random(17);
                for (int i = 0; i < EXPORTERS && operator.isAlive(); i++) {
                    OtlpExporter exporter = Exporters.minimal("default", "gateway-" + i);
                    exporter.getMetadata().setAnnotations(Map.of("example.com/ballast", incompressible(random)));
                    client.resource(exporter).create();
                }

                assertThat(operator.awaitExit()).as("the exit code of a JVM out of heap").isEqualTo(OUT_OF_MEMORY_EXIT);
                assertThat(operator.output()).contains("Terminating due to java.lang.OutOfMemoryError");
            }
        }
    }

    /** Ballast the informers' deflated stores cannot shrink: random letters, different for each exporter. */
    private static String incompressible(Random random) {
        StringBuilder ballast = new StringBuilder(ANNOTATION_CHARS);
        for (int i = 0; i < ANNOTATION_CHARS; i++) {
            ballast.append((char) ('a' + random.nextInt(26)));
        }
        return ballast.toString();
    }

    /** The chart's {@code jvmOptions}, with {@code heap} in place of the heap they size. */
    private static List<String> chartJvmOptionsWithHeap(String heap) throws Exception {
        String jvmOptions = new ObjectMapper(new YAMLFactory()).readTree(CHART_VALUES.toFile()).path("jvmOptions").asText();
        List<String> options = new ArrayList<>(Arrays.stream(jvmOptions.split(" "))
                .filter(option -> !option.startsWith("-Xmx"))
                .toList());
        assertThat(options).as("the chart's jvmOptions").isNotEmpty();
        options.add(heap);
        return options;
    }
}
