package dev.otlp.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentsTest {

    @Test
    void runsTheEmbeddedDefaultWithoutArguments() {
        Arguments arguments = Arguments.parse();

        assertThat(arguments.configFile()).isNull();
        assertThat(arguments.checkConfig()).isFalse();
        assertThat(arguments.help()).isFalse();
    }

    @Test
    void readsConfigFileAndCheckFlagInEitherSpelling() {
        Arguments arguments = Arguments.parse("--config", "a.toml", "--check-config");

        assertThat(arguments.configFile()).isEqualTo(Path.of("a.toml"));
        assertThat(arguments.checkConfig()).isTrue();
        assertThat(Arguments.parse("--config=b.toml").configFile()).isEqualTo(Path.of("b.toml"));
        assertThat(Arguments.parse("-c", "c.toml").configFile()).isEqualTo(Path.of("c.toml"));
        assertThat(Arguments.parse("-h").help()).isTrue();
    }

    @Test
    void namesAnUnknownArgument() {
        assertThatThrownBy(() -> Arguments.parse("--confg", "a.toml")).hasMessageContaining("'--confg'");
    }

    @Test
    void saysWhatConfigNeeds() {
        assertThatThrownBy(() -> Arguments.parse("--config")).hasMessageContaining("'--config'").hasMessageContaining("FILE");
    }

    @Test
    void printsEveryOptionInItsUsage() {
        assertThat(Arguments.usage()).contains("--config=FILE", "--check-config", "--help", "OTLP_ENDPOINT");
    }
}
