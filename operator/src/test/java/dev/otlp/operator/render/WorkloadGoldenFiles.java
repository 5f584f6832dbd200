package dev.otlp.operator.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * Compares generated manifests with the files under {@code src/test/resources/golden/workloads}.
 * Run the tests with {@code -Dgolden.update=true} to rewrite the files from what the code generates now.
 */
final class WorkloadGoldenFiles {

    private static final Path DIRECTORY = Path.of("src", "test", "resources", "golden", "workloads");
    private static final int CONTEXT_LINES = 3;

    private WorkloadGoldenFiles() {
    }

    static void assertMatches(String fileName, String actual) {
        Path file = DIRECTORY.resolve(fileName);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIRECTORY);
                Files.writeString(file, actual);
                return;
            }
            if (!Files.exists(file)) {
                fail("Golden file %s does not exist. %s", file, regenerateHint());
            }
            String expected = Files.readString(file);
            if (!expected.equals(actual)) {
                fail("%s differs from the generated manifest:%n%s%n%s", file, diff(expected, actual), regenerateHint());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String regenerateHint() {
        return "If the change is intended, regenerate with: ./mvnw -o test -pl operator -am "
                + "-Dtest='WorkloadGoldenTest' -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true";
    }

    /** The first differing line with a few lines of context on each side, as "-" expected and "+" actual. */
    private static String diff(String expected, String actual) {
        List<String> want = expected.lines().toList();
        List<String> got = actual.lines().toList();
        int first = 0;
        while (first < want.size() && first < got.size() && want.get(first).equals(got.get(first))) {
            first++;
        }
        int from = Math.max(0, first - CONTEXT_LINES);
        StringBuilder out = new StringBuilder("first difference at line " + (first + 1) + System.lineSeparator());
        for (int i = from; i < first; i++) {
            out.append("  ").append(want.get(i)).append(System.lineSeparator());
        }
        for (int i = first; i < Math.min(want.size(), first + CONTEXT_LINES); i++) {
            out.append("- ").append(want.get(i)).append(System.lineSeparator());
        }
        for (int i = first; i < Math.min(got.size(), first + CONTEXT_LINES); i++) {
            out.append("+ ").append(got.get(i)).append(System.lineSeparator());
        }
        return out.toString();
    }
}
