package dev.otlp.operator.dependent;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Objects like those stored before cost a small part of their JSON, and every object inflates back whatever came after it. */
class DeflateDictionaryTest {

    private static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%1$s","namespace":"team-%2$d",
            "labels":{"app.kubernetes.io/name":"otlp-exporter","app.kubernetes.io/instance":"%1$s"},
            "ownerReferences":[{"apiVersion":"otlp.dev/v1alpha1","kind":"OtlpExporter","name":"%1$s","uid":"%3$s"}]},
            "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"otlp-exporter",
            "image":"registry.example/otlp-exporter-runtime:1.0.0","args":["--config","/etc/otlp/config.toml"],
            "resources":{"limits":{"cpu":"1","memory":"512Mi"},"requests":{"cpu":"250m","memory":"256Mi"}}}]}}}}
            """;

    private final DeflateDictionary dictionary = new DeflateDictionary();
    private final Random random = new Random(7);

    @Test
    void anObjectShapedLikeOneBeforeItCostsAFractionOfItsJson() {
        dictionary.deflate(deployment(0));
        for (int i = 1; i < 100; i++) {
            byte[] json = deployment(i);
            DeflateDictionary.Deflated deflated = dictionary.deflate(json);
            assertThat(deflated.bytes().length).as("deployment %d of %d bytes", i, json.length).isLessThan(json.length / 4);
            assertThat(deflated.inflate()).isEqualTo(json);
        }
    }

    @Test
    void everyObjectInflatesBackAsTheDictionaryGrowsAndTheDictionaryStaysWithinDeflatesWindow() {
        List<byte[]> jsons = new ArrayList<>();
        List<DeflateDictionary.Deflated> stored = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] json = i % 2 == 0 ? deployment(i) : randomShape(i);
            jsons.add(json);
            stored.add(dictionary.deflate(json));
        }
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).inflate()).as("object %d", i).isEqualTo(jsons.get(i));
            assertThat(stored.get(i).dictionary().length).isLessThanOrEqualTo(DeflateDictionary.WINDOW);
        }
        assertThat(stored.stream().map(DeflateDictionary.Deflated::dictionary).distinct().count())
                .as("dictionary versions").isGreaterThan(1);
    }

    private byte[] deployment(int i) {
        return DEPLOYMENT.formatted("exporter-" + i, i % 10, new java.util.UUID(random.nextLong(), random.nextLong()))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** JSON of fields never seen before, so that each one grows the dictionary until it is full. */
    private byte[] randomShape(int i) {
        StringBuilder json = new StringBuilder("{");
        for (int field = 0; field < 40; field++) {
            json.append("\"field").append(random.nextInt()).append("\":\"").append(Long.toHexString(random.nextLong()))
                    .append("\",");
        }
        return json.append("\"i\":").append(i).append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
