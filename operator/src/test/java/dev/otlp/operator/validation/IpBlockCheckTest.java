package dev.otlp.operator.validation;

import dev.otlp.operator.api.ApiPatterns;
import dev.otlp.operator.model.SpecProblem;
import dev.otlp.operator.testing.Exporters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An ipBlock of {@code spec.networkPolicy.allowedSources}, checked as the API server checks a NetworkPolicy's. */
class IpBlockCheckTest {

    private static List<SpecProblem> problems(String source) {
        return SpecValidation.problems(Exporters.withSpec("upstream: {endpoint: http://collector:4317}\n"
                + "networkPolicy:\n  enabled: true\n  allowedSources:\n    - podSelector: {}\n    - " + source + "\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "10.0.0.0/8", "192.168.1.7/32", "2001:db8::/32", "fd00::/8", "::/0",
            "2001:db8:0:0:0:0:0:1/128"})
    void acceptsACidr(String cidr) {
        assertThat(problems("ipBlock: {cidr: \"" + cidr + "\"}")).isEmpty();
        assertThat(cidr).as("the CRD's pattern admits it").matches(ApiPatterns.CIDR);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0           | must be a CIDR such as 10.20.0.0/16 or 2001:db8::/64, got \"10.0.0.0\"",
            "10.0.0.0/33        | must be a CIDR",
            "256.0.0.0/8        | must be a CIDR",
            "010.0.0.0/8        | must be a CIDR",
            "example.com/24     | must be a CIDR",
            "2001:db8::g/64     | must be a CIDR",
            "2001:db8:::1/64    | must be a CIDR",
            "fd00::/129         | must be a CIDR",
            "::ffff:10.0.0.0/104 | must be a CIDR",
            "10.1.2.3/8         | must start at its range's first address: 10.0.0.0/8, got \"10.1.2.3/8\""})
    void refusesWhatIsNotACidrNamingTheField(String cidr, String message) {
        assertThat(problems("ipBlock: {cidr: \"" + cidr + "\"}")).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.networkPolicy.allowedSources[1].ipBlock.cidr");
            assertThat(problem.message()).contains(message);
        });
    }

    @Test
    void theCrdsPatternRefusesWhatIsPlainlyNotACidr() {
        for (String cidr : List.of("10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "010.0.0.0/8", "example.com/24", "fd00::/129")) {
            assertThat(cidr).doesNotMatch(ApiPatterns.CIDR);
        }
    }

    @Test
    void everyExceptionLiesStrictlyInsideTheCidr() {
        List<SpecProblem> problems = problems("ipBlock: {cidr: 10.20.0.0/16, except: [10.20.99.0/24, 10.21.0.0/24,"
                + " 10.20.0.0/16, fd00::/8, 10.20.1.0/33]}");

        assertThat(problems).extracting(SpecProblem::field).containsExactly(
                "spec.networkPolicy.allowedSources[1].ipBlock.except[1]",
                "spec.networkPolicy.allowedSources[1].ipBlock.except[2]",
                "spec.networkPolicy.allowedSources[1].ipBlock.except[3]",
                "spec.networkPolicy.allowedSources[1].ipBlock.except[4]");
        assertThat(problems.get(0).message()).contains("inside spec.networkPolicy.allowedSources[1].ipBlock.cidr (10.20.0.0/16)",
                "got \"10.21.0.0/24\"");
        assertThat(problems.get(3).message()).contains("must be a CIDR");
    }

    @Test
    void anIpBlockStandsAloneAndNeedsItsCidr() {
        assertThat(problems("{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}")).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.networkPolicy.allowedSources[1]");
            assertThat(problem.message()).isEqualTo("set namespaceSelector, podSelector or both, or ipBlock alone");
        });
        assertThat(problems("ipBlock: {except: [10.0.0.0/8]}")).extracting(SpecProblem::field)
                .contains("spec.networkPolicy.allowedSources[1].ipBlock.cidr");
        assertThat(problems("{}")).extracting(SpecProblem::field).containsExactly("spec.networkPolicy.allowedSources[1]");
    }
}
