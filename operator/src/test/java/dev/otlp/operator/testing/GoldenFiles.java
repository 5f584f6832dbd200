package dev.otlp.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * Compares generated manifests with the files in one folder under {@code src/test/resources/golden}.
 * Run the test with {@code -Dgolden.update=true} to rewrite the files from what the code writes now.
 */
public final class GoldenFiles {

    private static final int CONTEXT_LINES = 3;

    private final Path directory;
    private final String testName;

    /**
     * @param folder   the folder under {@code golden/}
     * @param testName the test class that checks them, for the regeneration command
     */
    public GoldenFiles(String folder, String testName) {
        this(Path.of("src", "test", "resources", "golden", folder), testName);
    }

    /** Files in {@code directory}, e.g. the generated pages of {@code docs/}. */
    public GoldenFiles(Path directory, String testName) {
        this.directory = directory;
        this.testName = testName;
    }

    public Path directory() {
        return directory;
    }

    public void assertMatches(String fileName, String actual) {
        Path file = directory.resolve(fileName);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(directory);
                Files.writeString(file, actual);
                return;
            }
            if (!Files.exists(file)) {
                fail("Golden file %s does not exist. %s", file, regenerateHint());
            }
            String expected = Files.readString(file);
            if (!expected.equals(actual)) {
                fail("%s differs from what was generated:%n%s%n%s", file, diff(expected, actual), regenerateHint());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String regenerateHint() {
        return "If the change is intended, regenerate with: ./mvnw -o test -pl operator -am "
                + "-Dtest='" + testName + "' -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true";
    }

    /** Every run of differing lines, with a few lines of context, as "-" expected and "+" actual. */
    private static String diff(String expected, String actual) {
        List<String> want = expected.lines().toList();
        List<String> got = actual.lines().toList();
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < want.size() || j < got.size()) {
            if (i < want.size() && j < got.size() && want.get(i).equals(got.get(j))) {
                i++;
                j++;
                continue;
            }
            int[] resume = resynchronise(want, got, i, j);
            out.append("@@ line ").append(i + 1).append(" of the golden file, line ").append(j + 1)
                    .append(" of the actual output").append(System.lineSeparator());
            for (int k = Math.max(0, i - CONTEXT_LINES); k < i; k++) {
                out.append("  ").append(want.get(k)).append(System.lineSeparator());
            }
            for (int k = i; k < resume[0]; k++) {
                out.append("- ").append(want.get(k)).append(System.lineSeparator());
            }
            for (int k = j; k < resume[1]; k++) {
                out.append("+ ").append(got.get(k)).append(System.lineSeparator());
            }
            i = resume[0];
            j = resume[1];
        }
        return out.toString();
    }

    /** The nearest pair of positions from which both texts agree again (or their ends). */
    private static int[] resynchronise(List<String> want, List<String> got, int i, int j) {
        for (int distance = 1; distance <= want.size() - i + got.size() - j; distance++) {
            for (int skipWant = 0; skipWant <= distance; skipWant++) {
                int a = i + skipWant;
                int b = j + distance - skipWant;
                if (a <= want.size() && b <= got.size() && agreeFrom(want, got, a, b)) {
                    return new int[] {a, b};
                }
            }
        }
        return new int[] {want.size(), got.size()};
    }

    private static boolean agreeFrom(List<String> want, List<String> got, int a, int b) {
        if (a == want.size() || b == got.size()) {
            return a == want.size() && b == got.size();
        }
        for (int k = 0; k < CONTEXT_LINES && a + k < want.size() && b + k < got.size(); k++) {
            if (!want.get(a + k).equals(got.get(b + k))) {
                return false;
            }
        }
        return true;
    }
}
