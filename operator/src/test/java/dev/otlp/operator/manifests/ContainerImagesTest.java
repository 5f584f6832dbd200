package dev.otlp.operator.manifests;

import dev.otlp.operator.app.OperatorSettings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two Dockerfiles, read as a reviewer would (no container engine runs here): the image each
 * builds carries the name and version every manifest uses, runs as a numeric non-root user with the
 * JVM sized from the container's limit (by its own flags or by the argument file it passes to java), and
 * starts the jar its module builds.
 */
class ContainerImagesTest {

    private static final Path ROOT = Path.of("..");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"exporter-runtime, otlp-exporter-runtime", "operator, otlp-fleet-operator"})
    void buildsTheImageTheManifestsNameAsANonRootUserSizedFromItsLimit(String module, String jar) throws IOException {
        String dockerfile = Files.readString(ROOT.resolve(module).resolve("Dockerfile"));
        String image = defaultImage(module);

        assertThat(label(dockerfile, "title")).isEqualTo(image.substring(image.lastIndexOf('/') + 1, image.lastIndexOf(':')));
        assertThat(dockerfile).contains("ARG VERSION=" + image.substring(image.lastIndexOf(':') + 1));
        assertThat(label(dockerfile, "version")).isEqualTo("${VERSION}");
        assertThat(dockerfile).containsPattern("(?m)^USER [0-9]+:[0-9]+$");
        assertThat(finalStage(dockerfile)).matches("FROM eclipse-temurin:[0-9]+-jre");
        assertThat(dockerfile).contains("COPY --from=build /src/" + module + "/target/" + jar + ".jar /app/" + jar + ".jar")
                .containsPattern("(?m)^ENTRYPOINT \\[\"java\", (\"[^\"]+\", )*\"-jar\", \"/app/" + jar + ".jar\"]$");
        assertThat(jvmFlags(dockerfile)).containsPattern("-XX:MaxRAMPercentage=[0-9]+\\s+-XX:\\+ExitOnOutOfMemoryError");
        assertThat(Files.readString(ROOT.resolve("README.md"))).as("the README names the image").contains(image);
    }

    private static String defaultImage(String module) throws IOException {
        if (module.equals("operator")) {
            return Serialization.unmarshal(Files.readString(ROOT.resolve("config/manager/operator.yaml")), Deployment.class)
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        }
        return OperatorSettings.DEFAULT_RUNTIME_IMAGE;
    }

    /** The flags of the image's JVM: its argument file's ({@code java @file}) when it has one, else its own. */
    private static String jvmFlags(String dockerfile) throws IOException {
        Matcher argumentFile = Pattern.compile("(?m)^ENTRYPOINT \\[\"java\", \"@([^\"]+)\"").matcher(dockerfile);
        if (!argumentFile.find()) {
            return dockerfile;
        }
        Matcher copied = Pattern.compile("(?m)^COPY --from=build /src/(\\S+) " + Pattern.quote(argumentFile.group(1)) + "$")
                .matcher(dockerfile);
        assertThat(copied.find()).as("the Dockerfile copies " + argumentFile.group(1) + " from the sources").isTrue();
        return Files.readString(ROOT.resolve(copied.group(1)));
    }

    private static String label(String dockerfile, String name) {
        Matcher label = Pattern.compile("org\\.opencontainers\\.image\\." + name + "=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(label.find()).as("label org.opencontainers.image." + name).isTrue();
        return label.group(1);
    }

    private static String finalStage(String dockerfile) {
        List<String> stages = dockerfile.lines().filter(line -> line.startsWith("FROM ")).toList();
        return stages.get(stages.size() - 1);
    }
}
