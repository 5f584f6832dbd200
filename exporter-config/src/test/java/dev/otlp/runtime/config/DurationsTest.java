package dev.otlp.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "250us, PT0.00025S", "100ms, PT0.1S", "30s, PT30S", "5m, PT5M", "1h, PT1H",
            "1h30m, PT1H30M", "1.5s, PT1.5S", "0, PT0S", "10ns, PT0.00000001S", "' 2s ', PT2S"})
    void readsTheSeedsDurationNotation(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "s", "30 s", "-1s", "1d", "1s2", "", "1.5ns"})
    void refusesTextThatIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250us", "100ms", "30s", "5m", "1h", "90m", "1500ms", "7ns", "0s"})
    void formatsToTheShortestTextThatReadsBack(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
}
