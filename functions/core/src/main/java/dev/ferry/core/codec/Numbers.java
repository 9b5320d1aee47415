package dev.ferry.core.codec;

import java.math.BigDecimal;

/** DynamoDB number text: validation, normal form and stored size. */
final class Numbers {
    /** Longest number text accepted: DynamoDB numbers have at most 38 digits and a small exponent. */
    private static final int MAX_TEXT_LENGTH = 1000;

    private Numbers() {
    }

    /**
     * Parses DynamoDB number text: optional sign, ASCII digits with an optional decimal point, and
     * an optional exponent ({@code 12.50}, {@code -0}, {@code 1E+2}, {@code .5}).
     *
     * @return the value, or {@code null} if {@code text} is not such a number
     */
    static BigDecimal parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            return null;
        }
        // BigDecimal alone would also take non-ASCII digits (e.g. Arabic-Indic), which DynamoDB rejects
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return null;
            }
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /**
     * The normal form of a number: {@code <unscaled digits>e<exponent>} of its value with trailing
     * zeros stripped, so that every text of one value ({@code 1.50}, {@code 1.5}, {@code 15E-1})
     * gives the same string ({@code 15e-1}), and zero, negative or not, gives {@code 0}.
     */
    static String normalForm(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal v = value.stripTrailingZeros();
        return v.unscaledValue().toString() + 'e' + (-(long) v.scale());
    }

    /**
     * The bytes DynamoDB counts for a number: it stores the significant digits in base 100, two
     * digits a byte aligned on the decimal point, plus one byte of exponent and one more for a
     * negative number; zero takes 1 byte and no number more than 21. This is the documented
     * "1 byte per two significant digits + 1" with the alignment made exact.
     */
    static int storedSize(BigDecimal value) {
        if (value.signum() == 0) {
            return 1;
        }
        BigDecimal v = value.stripTrailingZeros();
        long lowest = -(long) v.scale();                 // decimal exponent of the last significant digit
        long highest = lowest + v.precision() - 1;      // ... and of the first
        long pairs = Math.floorDiv(highest, 2) - Math.floorDiv(lowest, 2) + 1;
        long size = pairs + 1 + (v.signum() < 0 ? 1 : 0);
        return (int) Math.min(size, 21);
    }
}
