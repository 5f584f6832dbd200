package dev.otlp.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest
    @CsvSource({
            "1024, 1024", "64KiB, 65536", "16MiB, 16777216", "1GiB, 1073741824", "1KB, 1000",
            "2MB, 2000000", "16Mi, 16777216", "16 mib, 16777216", "0, 0"})
    void readsBytesAndUnits(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "12XB", "MiB", "1.5MiB", "99999999999GiB"})
    void refusesTextThatIsNotASize(String text) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"16MiB", "48MiB", "1GiB", "1000", "512", "3KiB"})
    void formatsToTheShortestExactTextThatReadsBack(String text) {
        assertThat(Sizes.format(Sizes.parse(text))).isEqualTo(text);
    }
}
