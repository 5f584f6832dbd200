package dev.otlp.operator.render;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A decimal quantity written as the API server stores it ({@code 0.5} as {@code 500m}, {@code 50000} as {@code 50k}):
 * its canonical form, with the largest suffix that keeps the number whole. Written any other way, the stored object
 * would differ from the desired one at every reconcile, and the operator would update it for nothing.
 */
final class DecimalQuantity {

    private static final String[] SUFFIXES = {"m", "", "k", "M", "G", "T", "P", "E"};
    private static final int MILLI = 3;

    private DecimalQuantity() {
    }

    /** {@code value}, rounded to thousandths (the finest a quantity keeps here). */
    static Quantity of(double value) {
        BigDecimal amount = BigDecimal.valueOf(value).movePointRight(MILLI).setScale(0, RoundingMode.HALF_UP);
        int suffix = 0;
        while (suffix + 1 < SUFFIXES.length && amount.signum() != 0
                && amount.remainder(BigDecimal.valueOf(1000)).signum() == 0) {
            amount = amount.divide(BigDecimal.valueOf(1000));
            suffix++;
        }
        return new Quantity(amount.toPlainString() + (amount.signum() == 0 ? "" : SUFFIXES[suffix]));
    }
}
