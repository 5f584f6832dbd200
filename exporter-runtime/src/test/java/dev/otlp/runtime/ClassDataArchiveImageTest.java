package dev.otlp.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's Dockerfile, read as a reviewer would (no container engine runs here): the JVM maps the
 * class-data archive only when the start that uses it has the jar and flags of the training start that wrote
 * it; otherwise it silently loads every class again and the image starts as slowly as without one.
 */
class ClassDataArchiveImageTest {

    private static final Pattern ENTRYPOINT = Pattern.compile(
            "(?m)^ENTRYPOINT \\[\"java\", \"@(\\S+)\", \"-XX:SharedArchiveFile=(\\S+)\", \"-jar\", \"(\\S+)\"]$");
    private static final Pattern TRAINING = Pattern.compile(
            "(?m)^RUN (\\S+)/train-class-data\\.sh (\\S+) (\\S+) (\\S+)");

    private final String dockerfile = Files.readString(Path.of("Dockerfile"));

    ClassDataArchiveImageTest() throws IOException {
    }

    @Test
    void trainsTheArchiveWithTheJarAndFlagsThatEveryStartUses() {
        Matcher start = find(ENTRYPOINT);
        Matcher training = find(TRAINING);

        assertThat(training.group(2)).as("JVM options").isEqualTo(start.group(1));
        assertThat(training.group(3)).as("jar").isEqualTo(start.group(3));
        assertThat(training.group(4)).as("archive").isEqualTo(start.group(2));
        assertThat(dockerfile.indexOf(training.group())).as("trained after the jar and its flags are in place")
                .isGreaterThan(dockerfile.indexOf(" " + start.group(3) + "\n"))
                .isGreaterThan(dockerfile.indexOf(" " + start.group(1) + "\n"));
    }

    @Test
    void passesTheJvmOptionsOfTheSourcesToJava() {
        Matcher start = find(ENTRYPOINT);

        assertThat(dockerfile).containsPattern("(?m)^COPY --from=build /src/exporter-runtime/src/main/resources/"
                + "dev/otlp/runtime/jvm\\.options " + Pattern.quote(start.group(1)) + "$");
    }

    private Matcher find(Pattern pattern) {
        Matcher matcher = pattern.matcher(dockerfile);
        assertThat(matcher.find()).as(pattern.pattern()).isTrue();
        return matcher;
    }
}
