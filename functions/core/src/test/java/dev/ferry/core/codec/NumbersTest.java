package dev.ferry.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-text fast path gives exactly what the BigDecimal path gives, and declines what it cannot read. */
class NumbersTest {

    @Test
    void plainTextIsSizedAndNormalisedAsBigDecimalDoes() {
        List<String> texts = new ArrayList<>(List.of("0", "-0", "+0", "0.000", "-0.0", ".0", "0.", "7", "-7", "+7", "7.", ".5",
                "-.5", "+.5", "10", "100", "1200", "0.001200", "-12.50", "99999999999999999999999999999999999999",
                "12345678901234567890123456789012345678", "-0.000000000000000000000000000000000001",
                "1.00000000000000000000000000000000000001", "000123.4500", "5.05", "50.5", "505"));
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            texts.add(randomPlain(random));
        }
        for (String text : texts) {
            Numbers.Plain plain = Numbers.plain(text);
            BigDecimal value = Numbers.parse(text);
            assertThat(plain).as(text).isNotNull();
            assertThat(value).as(text).isNotNull();
            assertThat(Numbers.storedSize(plain)).as("size of " + text).isEqualTo(Numbers.storedSize(value));
            assertThat(Numbers.normalForm(plain)).as("normal form of " + text).isEqualTo(Numbers.normalForm(value));
        }
    }

    @Test
    void textThatIsNotPlainIsLeftToTheBigDecimalPath() {
        for (String text : List.of("", "-", "+", ".", "-.", "1e3", "1E+3", "1.5e-2", "1..2", "1.2.3", "--1", "1-", " 1", "1 ",
                "١٢", "0x10", "NaN", "Infinity", "1".repeat(41))) {
            assertThat(Numbers.plain(text)).as(text).isNull();
        }
        // the exponent forms are numbers all the same: the codec sizes and normalises them by the BigDecimal path
        assertThat(ItemCodec.canonicalBytes(java.util.Map.of("n", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("1.5E+3"))))
                .isEqualTo(ItemCodec.canonicalBytes(java.util.Map.of("n", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("1500"))));
    }

    private static String randomPlain(Random random) {
        StringBuilder sb = new StringBuilder();
        int sign = random.nextInt(4);
        if (sign == 0) {
            sb.append('-');
        } else if (sign == 1) {
            sb.append('+');
        }
        int digits = 1 + random.nextInt(38);
        int point = random.nextInt(3) == 0 ? -1 : random.nextInt(digits + 1);
        for (int d = 0; d < digits; d++) {
            if (d == point) {
                sb.append('.');
            }
            // zeros often, so that leading and trailing zeros and all-zero texts come up
            sb.append(random.nextInt(3) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
        }
        if (point == digits) {
            sb.append('.');
        }
        return sb.toString();
    }
}
