package dev.otlp.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** One scrape of a Prometheus text exposition: each sample's value by its series ({@code name{labels}}). */
record Scrape(Map<String, Double> samples) {

    static Scrape parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            try {
                samples.put(line.substring(0, split), Double.parseDouble(line.substring(split + 1)));
            } catch (NumberFormatException notASample) {
                // a timestamped or malformed line: not used here
            }
        }
        return new Scrape(samples);
    }

    /** Counters and histogram buckets accumulated between {@code earlier} and this scrape. */
    Scrape minus(Scrape earlier) {
        Map<String, Double> difference = new HashMap<>();
        samples.forEach((series, value) -> difference.put(series, value - earlier.samples.getOrDefault(series, 0.0)));
        return new Scrape(difference);
    }

    /** The sum of every series of {@code name} whose labels contain each of {@code labels} (such as {@code signal="traces"}). */
    double sum(String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            if (matches(sample.getKey(), name, labels)) {
                total += sample.getValue();
            }
        }
        return total;
    }

    /**
     * The upper bound, in the histogram's unit, of the bucket holding the {@code quantile} of
     * {@code histogram}'s observations; infinite when it lies above the last bound, NaN without observations.
     */
    double quantileBound(String histogram, double quantile, String... labels) {
        NavigableMap<Double, Double> cumulative = new TreeMap<>();
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String series = sample.getKey();
            if (matches(series, histogram + "_bucket", labels)) {
                int le = series.indexOf("le=\"") + 4;
                String bound = series.substring(le, series.indexOf('"', le));
                cumulative.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        sample.getValue(), Double::sum);
            }
        }
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
            return Double.NaN;
        }
        double rank = quantile * cumulative.lastEntry().getValue();
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static boolean matches(String series, String name, String... labels) {
        if (!series.startsWith(name) || (series.length() > name.length() && series.charAt(name.length()) != '{')) {
            return false;
        }
        for (String label : labels) {
            if (!series.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
