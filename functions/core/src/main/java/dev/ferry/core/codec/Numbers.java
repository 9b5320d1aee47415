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

    /** Longest text {@link #plain} reads: 38 digits, a sign and a point. */
    private static final int MAX_PLAIN_LENGTH = 40;

    /**
     * Plain number text read without {@link BigDecimal}: where its significant digits are. The texts
     * DynamoDB returns are plain, so sizing and normalising them on the copy's and the verification's
     * hot paths need no {@code BigDecimal} (nor, past 18 digits, a {@code BigInteger} and divisions to
     * strip trailing zeros).
     *
     * @param text      the number text
     * @param negative  whether it starts with {@code -}
     * @param firstDigit ordinal (among the digits) of its first non-zero digit, -1 for zero
     * @param lastDigit  ordinal of its last non-zero digit
     * @param highest   decimal exponent of the first non-zero digit
     * @param lowest    decimal exponent of the last non-zero digit
     */
    record Plain(String text, boolean negative, int firstDigit, int lastDigit, int highest, int lowest) {
        boolean isZero() {
            return firstDigit < 0;
        }
    }

    /**
     * Reads {@code text} if it is plain: an optional sign, then ASCII digits with at most one decimal
     * point, at least one digit, at most 40 characters ({@code 12.50}, {@code -0}, {@code .5}, {@code 7.}).
     * Every such text is a number {@link #parse} accepts, with the same value.
     *
     * @return its digits' positions, or {@code null} if it is not plain (an exponent, another
     *     character, too long): then use {@link #parse}, which decides whether it is a number at all
     */
    static Plain plain(String text) {
        int n = text.length();
        if (n == 0 || n > MAX_PLAIN_LENGTH) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        char sign = text.charAt(0);
        if (sign == '-' || sign == '+') {
            negative = sign == '-';
            i = 1;
        }
        int digits = 0;
        int point = -1;
        int first = -1;
        int last = -1;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    if (first < 0) {
                        first = digits;
                    }
                    last = digits;
                }
                digits++;
            } else if (c == '.' && point < 0) {
                point = digits;
            } else {
                return null;
            }
        }
        if (digits == 0) {
            return null;
        }
        int integerDigits = point < 0 ? digits : point;
        return new Plain(text, negative, first, last, integerDigits - 1 - first, integerDigits - 1 - last);
    }

    /** {@link #storedSize(BigDecimal)} of a plain number, computed from its digits' positions. */
    static int storedSize(Plain p) {
        if (p.isZero()) {
            return 1;
        }
        return storedSize(p.highest(), p.lowest(), p.negative());
    }

    /** {@link #normalForm(BigDecimal)} of a plain number, built from its text. */
    static String normalForm(Plain p) {
        if (p.isZero()) {
            return "0";
        }
        StringBuilder sb = new StringBuilder(p.lastDigit() - p.firstDigit() + 8);
        if (p.negative()) {
            sb.append('-');
        }
        String text = p.text();
        int ordinal = 0;
        for (int i = 0; i < text.length() && ordinal <= p.lastDigit(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (ordinal >= p.firstDigit()) {
                    sb.append(c);
                }
                ordinal++;
            }
        }
        return sb.append('e').append(p.lowest()).toString();
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
        return storedSize(highest, lowest, v.signum() < 0);
    }

    private static int storedSize(long highest, long lowest, boolean negative) {
        long pairs = Math.floorDiv(highest, 2) - Math.floorDiv(lowest, 2) + 1;
        long size = pairs + 1 + (negative ? 1 : 0);
        return (int) Math.min(size, 21);
    }
}
