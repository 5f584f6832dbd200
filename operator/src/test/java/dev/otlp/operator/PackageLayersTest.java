package dev.otlp.operator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's packages in layers: each imports only from the layers below it, so that the model
 * never depends on how it is applied, and a dependent never on the reconciler that runs it. Validation
 * reads the model's names and the renderers never validate: the two share a layer, so neither imports the other.
 */
class PackageLayersTest {

    /** Bottom first; packages in one layer do not import each other. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("api", "secrets"),
            List.of("model"),
            List.of("monitoring", "render", "validation"),
            List.of("status", "dependent"),
            List.of("reconciler", "webhook"),
            List.of("app"));
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "otlp", "operator");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.otlp\\.operator\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test
    void everyPackageImportsOnlyFromTheLayersBelowIt() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file).getName(0).toString();
                Matcher imported = IMPORT.matcher(Files.readString(file));
                while (imported.find()) {
                    String to = imported.group(1);
                    if (!to.equals(from) && layer(to) >= layer(from)) {
                        violations.add(SOURCES.relativize(file) + " imports " + to);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /**
     * Renderers read the resolved model only ({@code ResolvedExporter}), never the resource's classes, imported or
     * named in full: a renderer that read the resource would decide a default again, beside the model.
     */
    @Test
    void renderersNeverReadTheResource() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve("render"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(file).contains("dev.otlp.operator.api.")) {
                    violations.add(SOURCES.relativize(file).toString());
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyPackageHasALayer() throws IOException {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            assertThat(packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .allSatisfy(name -> assertThat(layer(name)).as(name).isNotNegative());
        }
    }

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }
}
