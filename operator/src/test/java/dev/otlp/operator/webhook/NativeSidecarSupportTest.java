package dev.otlp.operator.webhook;

import dev.otlp.operator.render.Sidecars.Kind;
import io.fabric8.kubernetes.client.VersionInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The API server versions that run native sidecars, as {@code /version} spells them on real clusters. */
class NativeSidecarSupportTest {

    @ParameterizedTest(name = "{0}.{1} ({2}): {3}")
    @CsvSource(nullValues = "null", value = {
            "1, 28, v1.28.15, CONTAINER",
            "1, 29, v1.29.0, NATIVE",
            "1, 32, v1.32.0-otlp-fleet-embedded, NATIVE",
            "1, 28+, v1.28.9-eks-036c24b, CONTAINER",
            "1, 29+, v1.29.10-gke.1227000, NATIVE",
            "1, 27, v1.27.16+k3s1, CONTAINER",
            "'', '', v1.31.1, NATIVE",
            "'', '', v1.26.0, CONTAINER",
            "2, 0, v2.0.0, NATIVE",
            "null, null, null, CONTAINER",
            "one, twenty-nine, unknown, CONTAINER"})
    void runsNativeSidecarsFrom1_29(String major, String minor, String gitVersion, Kind expected) {
        VersionInfo version = new VersionInfo.Builder().withMajor(major).withMinor(minor).withGitVersion(gitVersion).build();

        assertThat(NativeSidecarSupport.kindOf(version)).isEqualTo(expected);
    }
}
