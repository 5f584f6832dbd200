package dev.otlp.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CRD users install (crds/) is the one the Java model generates at build time. */
class CommittedCrdTest {

    static final String CRD_FILE = "otlpexporters.otlp.dev-v1.yml";
    static final Path COMMITTED = Path.of("..", "crds", CRD_FILE);

    static String generated() throws IOException {
        try (InputStream in = CommittedCrdTest.class.getResourceAsStream("/META-INF/fabric8/" + CRD_FILE)) {
            assertThat(in).as("the crd-generator plugin's output META-INF/fabric8/" + CRD_FILE + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void committedCrdMatchesTheModel() throws IOException {
        assertThat(Files.readString(COMMITTED))
                .as("crds/%s differs from the CRD generated from the Java model in dev.otlp.operator.api. Refresh it with:%n"
                        + "  ./mvnw -B -pl operator -am process-classes && cp operator/target/classes/META-INF/fabric8/%s crds/%n",
                        CRD_FILE, CRD_FILE)
                .isEqualTo(generated());
    }
}
