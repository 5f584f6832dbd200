package dev.otlp.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MediansTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(Medians.median(3, 1, 2)).isEqualTo(2);
        assertThat(Medians.median(484_000, 512_000, 470_000)).isEqualTo(484_000);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Medians.median(4, 1, 3, 2)).isEqualTo(2.5);
    }

    @Test
    void medianLeavesOutFiguresARunLacks() {
        assertThat(Medians.median(Double.NaN, 5, 7, Double.NaN, 6)).isEqualTo(6);
        assertThat(Medians.median(Double.NaN)).isNaN();
        assertThat(Medians.median()).isNaN();
    }

    @Test
    void medianBoundOfAnEvenCountIsTheHigherMiddleBoundSoThatItIsStillABound() {
        assertThat(Medians.medianBound(100e-6, 200e-6)).isEqualTo(200e-6);
        assertThat(Medians.medianBound(1e-3, 100e-6, 2.5e-3)).isEqualTo(1e-3);
        assertThat(Medians.medianBound(100e-6, Double.POSITIVE_INFINITY)).isInfinite();
    }

    @Test
    void ratioIsCurrentOverBaselineAndUndefinedWithoutABaseline() {
        assertThat(Medians.ratio(300, 600)).isEqualTo(0.5);
        assertThat(Medians.ratio(300, 0)).isNaN();
        assertThat(Medians.ratio(300, Double.NaN)).isNaN();
        assertThat(Medians.ratio(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isNaN();
    }

    @Test
    void cpuPerDeliveredSpanIsTheWindowsCpuTimeOverTheSpansDeliveredInIt() {
        // 1 s of CPU in a 5 s window at 250 K spans/s: 1.25 M spans, 0.8 µs each.
        assertThat(run(250_000, 1.0, 100e-6).cpuMicrosPerDeliveredSpan()).isCloseTo(0.8, within(1e-9));
        assertThat(run(0, 1.0, 100e-6).cpuMicrosPerDeliveredSpan()).isNaN();
    }

    @Test
    void runMediansCompareEachFigureOfTwoJars() {
        RunMedians current = RunMedians.of(List.of(run(300_000, 1.5, 100e-6), run(200_000, 0.5, 200e-6),
                run(250_000, 1.0, 100e-6)));
        RunMedians baseline = RunMedians.of(List.of(run(500_000, 4.0, 2.5e-3)));

        RunMedians ratio = current.over(baseline);

        assertThat(current.runs()).isEqualTo(3);
        assertThat(current.deliveredSpansPerSecond()).isEqualTo(250_000);
        assertThat(current.runtimeP99Seconds()).isEqualTo(100e-6);
        assertThat(ratio.deliveredSpansPerSecond()).isEqualTo(0.5);
        // current: 1.0, 0.5 and 0.8 µs per span; baseline 4 s for 2.5 M spans, 1.6 µs.
        assertThat(ratio.cpuMicrosPerSpan()).isCloseTo(0.8 / 1.6, within(1e-9));
        assertThat(ratio.runtimeP99Seconds()).isCloseTo(0.04, within(1e-9));
    }

    /** A 5 s window that used {@code cpuSeconds} of the runtime's CPU. */
    private static RunResult run(double delivered, double cpuSeconds, double runtimeP99) {
        return new RunResult("run", BenchOptions.CURRENT, "memory", Protocol.GRPC, 0, 5, delivered, delivered, 0, 0,
                1, 2, runtimeP99, 100, 90, cpuSeconds, 73);
    }
}
