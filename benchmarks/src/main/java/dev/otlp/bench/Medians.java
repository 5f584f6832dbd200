package dev.otlp.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians of repeated runs and the ratio of one jar's to another's. NaN values (a figure a run lacks) are left out. */
final class Medians {

    private Medians() {
    }

    /** The middle value; of an even count, the mean of the two middle ones. NaN when there is none. */
    static double median(double... values) {
        double[] sorted = sortedWithoutNaN(values);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * The median of histogram bucket bounds: of an even count the higher of the two middle ones, so that the
     * result is still a bound (and errs on the slow side). NaN when there is none.
     */
    static double medianBound(double... bounds) {
        double[] sorted = sortedWithoutNaN(bounds);
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    static <T> double median(List<T> runs, ToDoubleFunction<T> figure) {
        return median(runs.stream().mapToDouble(figure).toArray());
    }

    static <T> double medianBound(List<T> runs, ToDoubleFunction<T> figure) {
        return medianBound(runs.stream().mapToDouble(figure).toArray());
    }

    /** {@code current / baseline}; NaN when either is missing, both are infinite or the baseline is 0. */
    static double ratio(double current, double baseline) {
        if (Double.isNaN(current) || Double.isNaN(baseline) || baseline == 0
                || Double.isInfinite(current) && Double.isInfinite(baseline)) {
            return Double.NaN;
        }
        return current / baseline;
    }

    private static double[] sortedWithoutNaN(double[] values) {
        return Arrays.stream(values).filter(value -> !Double.isNaN(value)).sorted().toArray();
    }
}
