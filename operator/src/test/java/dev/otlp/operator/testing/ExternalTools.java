package dev.otlp.operator.testing;

import org.junit.jupiter.api.Assertions;
import org.opentest4j.TestAbortedException;

/**
 * What a test does when a real tool it checks against (promtool, Helm 3 and 4) is not installed: on a
 * developer's machine it is skipped, saying how to get the tool; where {@value #REQUIRE} is {@code true}
 * (CI's {@code .ci/run}, which installs them) it fails, so that CI never passes by skipping.
 */
public final class ExternalTools {

    static final String REQUIRE = "OTLP_FLEET_REQUIRE_TOOLS";

    private ExternalTools() {
    }

    /** Skips or fails the running test; never returns. */
    public static <T> T missing(String howToGetIt) {
        if (Boolean.parseBoolean(System.getenv(REQUIRE))) {
            return Assertions.fail(howToGetIt + " (" + REQUIRE + " is true: the tool is required)");
        }
        System.out.println("Skipped, a tool is missing: " + howToGetIt);
        throw new TestAbortedException(howToGetIt);
    }
}
