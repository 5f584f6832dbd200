package dev.otlp.demo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/ARCHITECTURE.md cites classes by name ({@code `Pipeline`}, {@code `ExporterModel.of`}): each one
 * must be a class (or record, enum, interface) in some module's {@code src/main} or {@code src/test}, and
 * each cited method a method of it, so that a rename cannot leave the document behind.
 */
class ArchitectureDocTest {

    private static final Path PROJECT = Path.of("..");
    private static final Pattern CITATION = Pattern.compile("`([A-Z][A-Za-z0-9]*)(?:\\.([a-z][A-Za-z0-9]*))?`");
    private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|record|enum|interface)\\s+([A-Z][A-Za-z0-9]*)");

    private static final Map<String, List<String>> SOURCES_DECLARING = new HashMap<>();
    private static final StringBuilder MAIN_SOURCES = new StringBuilder();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> modules = Files.list(PROJECT)) {
            for (Path module : modules.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).toList()) {
                read(module.resolve("src/main/java"), true);
                read(module.resolve("src/test/java"), false);
            }
        }
        assertThat(SOURCES_DECLARING).as("classes found in the modules' sources").containsKeys("DemoMain", "ArchitectureDocTest");
    }

    @Test
    void everyClassItCitesExists() throws IOException {
        assertThat(missing(Files.readString(PROJECT.resolve("docs/ARCHITECTURE.md"))))
                .as("names docs/ARCHITECTURE.md cites that are no class (or method) in any module's sources:"
                        + " rename them in the document too")
                .isEmpty();
    }

    @Test
    void findsANameThatIsNoClassAndAMethodThatIsNotThere() {
        assertThat(missing("`DemoMain` is one, `NoSuchDemo` is not; `DemoMain.main` is a method, `DemoMain.noSuchStep` not"))
                .containsExactly("`NoSuchDemo`: no class of that name", "`DemoMain.noSuchStep`: no method noSuchStep");
    }

    /**
     * A capitalized name that the code writes as a string (a condition type or reason such as
     * {@code `SecretNotFound`}) is a name users see, not a class.
     */
    private static List<String> missing(String document) {
        List<String> missing = new ArrayList<>();
        Matcher citation = CITATION.matcher(document);
        while (citation.find()) {
            String type = citation.group(1);
            String method = citation.group(2);
            List<String> declaring = SOURCES_DECLARING.getOrDefault(type, List.of());
            if (declaring.isEmpty()) {
                if (method != null || MAIN_SOURCES.indexOf('"' + type + '"') < 0) {
                    missing.add(citation.group() + ": no class of that name");
                }
            } else if (method != null && declaring.stream().noneMatch(source ->
                    Pattern.compile("\\b" + method + "\\s*\\(").matcher(source).find())) {
                missing.add(citation.group() + ": no method " + method);
            }
        }
        return missing;
    }

    private static void read(Path sourceRoot, boolean main) throws IOException {
        if (!Files.isDirectory(sourceRoot)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                try {
                    String source = Files.readString(file);
                    Matcher declaration = DECLARATION.matcher(source);
                    while (declaration.find()) {
                        SOURCES_DECLARING.computeIfAbsent(declaration.group(1), name -> new ArrayList<>()).add(source);
                    }
                    if (main) {
                        MAIN_SOURCES.append(source);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
