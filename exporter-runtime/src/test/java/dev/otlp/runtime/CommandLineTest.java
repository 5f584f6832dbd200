package dev.otlp.runtime;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

    @Test
    void runsTheEmbeddedDefaultWithoutArguments() {
        assertThat(CommandLine.parse()).isEqualTo(new CommandLine(null, false, false));
    }

    @Test
    void readsConfigFileAndCheckFlagInEitherSpelling() {
        assertThat(CommandLine.parse("--config", "a.toml", "--check-config"))
                .isEqualTo(new CommandLine(Path.of("a.toml"), true, false));
        assertThat(CommandLine.parse("--config=b.toml").configFile()).isEqualTo(Path.of("b.toml"));
    }

    @Test
    void namesAnUnknownArgument() {
        assertThatThrownBy(() -> CommandLine.parse("--confg", "a.toml"))
                .hasMessage("unknown argument: --confg");
    }

    @Test
    void saysWhatConfigNeeds() {
        assertThatThrownBy(() -> CommandLine.parse("--config")).hasMessage("--config needs a file name");
    }
}
