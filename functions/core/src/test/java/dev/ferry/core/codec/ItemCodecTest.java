package dev.ferry.core.codec;

import static dev.ferry.core.codec.SampleItems.DIGITS_38;
import static dev.ferry.core.codec.SampleItems.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemCodecTest {

    // ---- toJson / fromJson --------------------------------------------------------------------

    @Test
    void toJson_whenItemHasEveryScalarType_thenWritesDynamoDbJson() {
        // GIVEN one attribute of each type
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("name", AttributeValue.fromS("x"));
        item.put("n", AttributeValue.fromN("12.50"));
        item.put("b", AttributeValue.fromB(bytes(0, 1, 2, 0xff)));
        item.put("ss", AttributeValue.fromSs(List.of("b", "a")));
        item.put("ns", AttributeValue.fromNs(List.of("10", "9")));
        item.put("bs", AttributeValue.fromBs(List.of(bytes(0xff), bytes(1))));
        item.put("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("1"))));
        item.put("t", AttributeValue.fromBool(true));
        item.put("z", AttributeValue.fromNul(true));

        // WHEN
        ObjectNode json = ItemCodec.toJson(item);

        // THEN the exact DynamoDB JSON, sets in canonical order and the number's text untouched
        assertThat(json).isEqualTo(Json.parse("""
                {"name":{"S":"x"},"n":{"N":"12.50"},"b":{"B":"AAEC/w=="},"ss":{"SS":["a","b"]},"ns":{"NS":["9","10"]},
                 "bs":{"BS":["AQ==","/w=="]},"m":{"M":{"k":{"S":"v"}}},"l":{"L":[{"N":"1"},{"S":"1"}]},
                 "t":{"BOOL":true},"z":{"NULL":true}}"""));
    }

    @Test
    void fromJson_whenToJsonOfEveryType_thenSameItem() {
        // GIVEN an item of every type, including empty values and 38-digit numbers
        Map<String, AttributeValue> item = SampleItems.everyType("k1");

        // WHEN it goes to JSON text and back
        String text = Json.write(ItemCodec.toJson(item));
        Map<String, AttributeValue> back = ItemCodec.fromJson(Json.parse(text));

        // THEN it is equal, value for value
        assertThat(back).isEqualTo(item);
        assertThat(back.keySet()).containsExactlyElementsOf(item.keySet());
    }

    @Test
    void toJson_whenFromJsonOfText_thenSameText() {
        // GIVEN DynamoDB JSON with non-normal numbers, an empty string and empty collections
        String text = "{\"a\":{\"N\":\"12.50\"},\"b\":{\"N\":\"-0\"},\"c\":{\"N\":\"1E+2\"},\"d\":{\"N\":\".5\"},"
                + "\"e\":{\"S\":\"\"},\"f\":{\"L\":[]},\"g\":{\"M\":{}},\"h\":{\"B\":\"\"},"
                + "\"i\":{\"NS\":[\"1.50\",\"1.5\",\"-2\"]},\"j\":{\"SS\":[]}}";

        // WHEN
        String back = Json.write(ItemCodec.toJson(ItemCodec.fromJson(Json.parse(text))));

        // THEN every number keeps its text; only the set is put in canonical order (value, then text)
        assertThat(back).isEqualTo(text.replace("[\"1.50\",\"1.5\",\"-2\"]", "[\"-2\",\"1.5\",\"1.50\"]"));
    }

    @ParameterizedTest
    @CsvSource({
            DIGITS_38,
            "-" + DIGITS_38,
            "0.00000000000000000000000000000000000001",
            "-1.2345678901234567890123456789012345678E-130",
            "9.9999999999999999999999999999999999999E+125",
            "123456789012345678901234567890123456.78"
    })
    void fromJson_when38DigitNumber_thenEveryDigitKept(String number) {
        // GIVEN a number with DynamoDB's full precision
        JsonNode json = Json.parse("{\"n\":{\"N\":\"" + number + "\"},\"ns\":{\"NS\":[\"" + number + "\"]}}");

        // WHEN
        Map<String, AttributeValue> item = ItemCodec.fromJson(json);

        // THEN the text is kept exactly, both ways
        assertThat(item.get("n").n()).isEqualTo(number);
        assertThat(item.get("ns").ns()).containsExactly(number);
        assertThat(ItemCodec.toJson(item)).isEqualTo(json);
    }

    @Test
    void toJson_whenBinaryHoldsEveryByteValue_thenBase64OfExactBytesAndBack() {
        // GIVEN bytes 0..255
        byte[] all = SampleItems.allBytes();
        AttributeValue value = AttributeValue.fromB(SdkBytes.fromByteArray(all));

        // WHEN
        ObjectNode json = ItemCodec.toJson(value);
        AttributeValue back = ItemCodec.attributeFromJson(Json.parse(Json.write(json)));

        // THEN
        assertThat(json.get("B").textValue()).isEqualTo(Base64.getEncoder().encodeToString(all));
        assertThat(back.b().asByteArray()).isEqualTo(all);
    }

    @Test
    void fromJson_whenNestedThirtyTwoLevels_thenSameItem() {
        // GIVEN 32 M/L values nested in each other
        Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("deep"), "deep", SampleItems.nested(32));
        assertThat(SampleItems.depth(item.get("deep"))).isEqualTo(32);

        // WHEN
        Map<String, AttributeValue> back = ItemCodec.fromJson(Json.parse(Json.write(ItemCodec.toJson(item))));

        // THEN
        assertThat(back).isEqualTo(item);
        assertThat(ItemCodec.canonicalBytes(back)).isEqualTo(ItemCodec.canonicalBytes(item));
    }

    @Test
    void fromJson_whenNestedDeeperThanLimit_thenErrorNamesPath() {
        // GIVEN more nesting than the JSON conversion takes
        Map<String, AttributeValue> item = Map.of("deep", SampleItems.nested(ItemCodec.MAX_JSON_DEPTH + 1));
        String json = Json.write(ItemCodec.toJson(Map.of("deep", SampleItems.nested(ItemCodec.MAX_JSON_DEPTH))))
                .replace("{\"S\":\"leaf\"}", "{\"L\":[{\"S\":\"leaf\"}]}");

        // WHEN / THEN both directions refuse it with a path, not a StackOverflowError
        assertThatThrownBy(() -> ItemCodec.toJson(item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.deep.M.level0.L[1].M.level2")
                .hasMessageContaining("at most 32 levels");
        assertThatThrownBy(() -> ItemCodec.fromJson(Json.parse(json)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.deep.M.level0.L[1]")
                .hasMessageContaining("more than " + ItemCodec.MAX_JSON_DEPTH + " levels");
    }

    @Test
    void fromJson_whenItemIs350Kb_thenSameItem() {
        // GIVEN an item of about 350 KB
        Map<String, AttributeValue> item = SampleItems.large("big", 350);
        assertThat(ItemCodec.itemSizeBytes(item)).isBetween(340L * 1024, 360L * 1024);

        // WHEN
        Map<String, AttributeValue> back = ItemCodec.fromJson(Json.parse(Json.write(ItemCodec.toJson(item))));

        // THEN
        assertThat(back).isEqualTo(item);
        assertThat(ItemCodec.canonicalBytes(back)).isEqualTo(ItemCodec.canonicalBytes(item));
    }

    @Test
    void toJson_whenSetsOutOfOrder_thenMembersInCanonicalOrder() {
        // GIVEN sets in arbitrary order, with a supplementary character that UTF-16 order puts last
        Map<String, AttributeValue> item = Map.of(
                "ss", AttributeValue.fromSs(List.of("\uD83D\uDE00", "b", "\uFFFD", "a")),
                "ns", AttributeValue.fromNs(List.of("10", "-1", "9.5", "1E+1", "0")),
                "bs", AttributeValue.fromBs(List.of(bytes(0xff), bytes(0x80), bytes(0x01), bytes(0x01, 0x00))));

        // WHEN
        ObjectNode json = ItemCodec.toJson(item);

        // THEN SS by UTF-8 bytes, NS by value (ties by text), BS by unsigned bytes
        assertThat(json.get("ss").get("SS")).isEqualTo(Json.parse("[\"a\",\"b\",\"\uFFFD\",\"\uD83D\uDE00\"]"));
        assertThat(json.get("ns").get("NS")).isEqualTo(Json.parse("[\"-1\",\"0\",\"9.5\",\"10\",\"1E+1\"]"));
        assertThat(json.get("bs").get("BS")).isEqualTo(Json.parse("[\"AQ==\",\"AQA=\",\"gA==\",\"/w==\"]"));
    }

    @Test
    void fromJson_whenNumberIsExactJsonNumber_thenValueKeptExactly() {
        // GIVEN numbers written unquoted: an integer, and a decimal that Json.MAPPER reads as a BigDecimal
        JsonNode json = Json.parse("{\"i\":{\"N\":" + DIGITS_38 + "},\"d\":{\"N\":" + DIGITS_38 + ".50}}");

        // WHEN
        Map<String, AttributeValue> item = ItemCodec.fromJson(json);

        // THEN no digit is lost (Jackson may drop trailing zeros of the text, never value)
        assertThat(item.get("i").n()).isEqualTo(DIGITS_38);
        assertThat(new BigDecimal(item.get("d").n())).isEqualByComparingTo(DIGITS_38 + ".5");
    }

    @Test
    void fromJson_whenNumberIsFloatingPointJsonNumber_thenRejected() {
        // GIVEN a double, which may already have lost digits (a mapper without USE_BIG_DECIMAL_FOR_FLOATS)
        JsonNode json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .set("d", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("N", 0.1));

        // WHEN / THEN
        assertThatThrownBy(() -> ItemCodec.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.d.N")
                .hasMessageContaining("quote the number");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"a\":{\"N\":\"12,5\"}}                                   | $.a.N              | not a valid number",
            "{\"a\":{\"N\":\"NaN\"}}                                    | $.a.N              | not a valid number",
            "{\"a\":{\"N\":true}}                                       | $.a.N              | quote the number",
            "{\"a\":{\"B\":\"not base64!\"}}                            | $.a.B              | not valid base64",
            "{\"a\":{\"M\":{\"b\":{\"L\":[{\"S\":\"x\"},{\"X\":1}]}}}}  | $.a.M.b.L[1]       | unknown type key 'X'",
            "{\"a\":{\"s\":\"x\"}}                                      | $.a                | write \"S\"",
            "{\"a\":{\"S\":\"x\",\"N\":\"1\"}}                          | $.a                | exactly one type key",
            "{\"a\":{}}                                                 | $.a                | exactly one type key",
            "{\"a\":\"plain\"}                                          | $.a                | must be a typed value",
            "{\"a\":{\"S\":7}}                                          | $.a.S              | must be a JSON string",
            "{\"a\":{\"SS\":[\"x\",1]}}                                 | $.a.SS[1]          | must be a JSON string",
            "{\"a\":{\"NS\":[\"1\",\"x\"]}}                             | $.a.NS[1]          | not a valid number",
            "{\"a\":{\"BS\":\"AA==\"}}                                  | $.a.BS             | must be a JSON array",
            "{\"a\":{\"L\":{}}}                                         | $.a.L              | must be a JSON array",
            "{\"a\":{\"M\":[]}}                                         | $.a.M              | must be a JSON object",
            "{\"a\":{\"BOOL\":\"true\"}}                                | $.a.BOOL           | true or false",
            "{\"a\":{\"NULL\":false}}                                   | $.a.NULL           | {\"NULL\":true}",
            "{\"odd 'key'\":{\"N\":\"x\"}}                              | $['odd \\'key\\''].N | not a valid number",
            "[{\"S\":\"x\"}]                                            | $                  | must be a JSON object",
    })
    void fromJson_whenValueIsBad_thenErrorNamesJsonPathAndFix(String json, String path, String message) {
        // GIVEN a document with one bad value
        JsonNode doc = Json.parse(json);

        // WHEN / THEN
        assertThatThrownBy(() -> ItemCodec.fromJson(doc))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value at " + path + " ")
                .hasMessageContaining(message)
                .hasMessageContaining("Fix: ");
    }

    @Test
    void fromJson_whenValueIsBad_thenMessageHoldsNoItemData() {
        // GIVEN a bad value whose text is sensitive
        JsonNode doc = Json.parse("{\"password\":{\"N\":\"hunter2\"}}");

        // WHEN / THEN the path is named but the value is not quoted, and the fix is given
        assertThatThrownBy(() -> ItemCodec.fromJson(doc))
                .hasMessageContaining("$.password.N")
                .hasMessageContaining("Fix:")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void toJson_whenValueHasNoType_thenErrorNamesPath() {
        // GIVEN an AttributeValue with nothing set, nested in a map
        Map<String, AttributeValue> item = Map.of("a", AttributeValue.fromM(Map.of("b", AttributeValue.builder().build())));

        // WHEN / THEN
        assertThatThrownBy(() -> ItemCodec.toJson(item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.a.M.b")
                .hasMessageContaining("no type set");
        assertThatThrownBy(() -> ItemCodec.canonicalBytes(item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.a.M.b")
                .hasMessageContaining("no type set");
    }

    // ---- canonicalBytes ----------------------------------------------------------------------

    @Test
    void canonicalBytes_whenMapsAndSetsReordered_thenEqual() {
        // GIVEN the same item built in two orders, at the top, inside maps, and in every set
        Map<String, AttributeValue> a = new LinkedHashMap<>();
        a.put("x", AttributeValue.fromS("1"));
        a.put("y", AttributeValue.fromM(ordered("p", AttributeValue.fromN("1"), "q", AttributeValue.fromSs(List.of("a", "b", "\uD83D\uDE00")))));
        a.put("ns", AttributeValue.fromNs(List.of("1", "2", "3")));
        a.put("bs", AttributeValue.fromBs(List.of(bytes(1), bytes(0xff), bytes(1, 0))));
        Map<String, AttributeValue> b = new LinkedHashMap<>();
        b.put("bs", AttributeValue.fromBs(List.of(bytes(0xff), bytes(1, 0), bytes(1))));
        b.put("ns", AttributeValue.fromNs(List.of("3", "1", "2")));
        b.put("y", AttributeValue.fromM(ordered("q", AttributeValue.fromSs(List.of("\uD83D\uDE00", "b", "a")), "p", AttributeValue.fromN("1"))));
        b.put("x", AttributeValue.fromS("1"));

        // WHEN / THEN
        assertThat(ItemCodec.canonicalBytes(a)).isEqualTo(ItemCodec.canonicalBytes(b));
    }

    @ParameterizedTest
    @CsvSource({
            "1.50, 1.5",
            "-0, 0",
            "0.000, 0",
            "-0.0E+5, 0",
            "1E+2, 100",
            "1e2, 100.000",
            "+5, 5",
            ".5, 0.5",
            "15E-1, 1.5",
            "12345678901234567890123456789012345678, 1.2345678901234567890123456789012345678E+37"
    })
    void canonicalBytes_whenNumbersEqualInValue_thenEqual(String left, String right) {
        // GIVEN two texts of the same number, as N, in an NS, and deep in a list
        // WHEN / THEN
        assertThat(ItemCodec.canonicalBytes(numberItem(left))).isEqualTo(ItemCodec.canonicalBytes(numberItem(right)));
    }

    @ParameterizedTest
    @CsvSource({
            "1, 1.0000000000000000000000000000000000001",
            "1, -1",
            "10, 1",
            "0.1, 0.01",
            "100, 1E+3"
    })
    void canonicalBytes_whenNumbersDifferInValue_thenDiffer(String left, String right) {
        assertThat(ItemCodec.canonicalBytes(numberItem(left))).isNotEqualTo(ItemCodec.canonicalBytes(numberItem(right)));
    }

    @Test
    void canonicalBytes_whenStringsAreLong_encodesThemAsShortOnesAreEncoded() {
        String ascii = "plain ascii text, long enough to be encoded in bulk: ".repeat(20);
        for (String s : List.of(ascii, ascii + "ü 漢字 \uD83D\uDE00", ascii + "?", ascii + "\uD800", "\uDC00" + ascii,
                ascii + "?\uD800", "ü".repeat(40))) {
            // WTF-8 by hand: UTF-8, with a lone surrogate as its 3 bytes
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                    text.writeBytes(new String(new char[] {c, s.charAt(++k)}).getBytes(StandardCharsets.UTF_8));
                } else if (Character.isSurrogate(c)) {
                    text.write(0xE0 | (c >> 12));
                    text.write(0x80 | ((c >> 6) & 0x3F));
                    text.write(0x80 | (c & 0x3F));
                } else {
                    text.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(new byte[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 'a', 1});
            int n = text.size();
            expected.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            expected.writeBytes(text.toByteArray());

            assertThat(ItemCodec.canonicalBytes(Map.of("a", AttributeValue.fromS(s)))).as(s.substring(s.length() - 3))
                    .isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void canonicalBytes_whenTypesOrValuesDiffer_thenNoTwoEncodeEqually() {
        // GIVEN values that naive encodings confuse: same text, different type; shifted boundaries
        List<Map<String, AttributeValue>> items = List.of(
                Map.of("a", AttributeValue.fromS("1")),
                Map.of("a", AttributeValue.fromN("1")),
                Map.of("a", AttributeValue.fromB(SdkBytes.fromUtf8String("1"))),
                Map.of("a", AttributeValue.fromSs(List.of("1"))),
                Map.of("a", AttributeValue.fromNs(List.of("1"))),
                Map.of("a", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("1")))),
                Map.of("a", AttributeValue.fromL(List.of(AttributeValue.fromS("1")))),
                Map.of("a", AttributeValue.fromM(Map.of("1", AttributeValue.fromNul(true)))),
                Map.of("a", AttributeValue.fromS("")),
                Map.of("a", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0]))),
                Map.of("a", AttributeValue.fromL(List.of())),
                Map.of("a", AttributeValue.fromM(Map.of())),
                Map.of("a", AttributeValue.fromBool(true)),
                Map.of("a", AttributeValue.fromBool(false)),
                Map.of("a", AttributeValue.fromNul(true)),
                Map.of("a", AttributeValue.fromSs(List.of("ab"))),
                Map.of("a", AttributeValue.fromSs(List.of("a", "b"))),
                Map.of("a", AttributeValue.fromL(List.of(AttributeValue.fromS("ab")))),
                Map.of("a", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromS("b")))),
                Map.of("a", AttributeValue.fromL(List.of(AttributeValue.fromS("b"), AttributeValue.fromS("a")))),
                Map.of("ab", AttributeValue.fromS("")),
                Map.of("a", AttributeValue.fromS("b")),
                Map.of("a", AttributeValue.fromS("\uFFFD")),
                Map.of("a", AttributeValue.fromS("\uD800")),   // a lone surrogate is not '?'
                Map.of("a", AttributeValue.fromS("?")),
                Map.of("a", AttributeValue.fromS("1"), "b", AttributeValue.fromS("1")),
                Map.of());

        // WHEN
        List<String> encodings = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            encodings.add(HexFormat.of().formatHex(ItemCodec.canonicalBytes(item)));
        }

        // THEN all distinct
        assertThat(encodings).doesNotHaveDuplicates();
    }

    @Test
    void canonicalBytes_whenSetHoldsEqualMembers_thenCountedOnce() {
        // GIVEN sets with a member given twice (DynamoDB rejects these; as sets they are equal)
        Map<String, AttributeValue> twice = Map.of("ns", AttributeValue.fromNs(List.of("1.5", "1.50")),
                "ss", AttributeValue.fromSs(List.of("a", "a")));
        Map<String, AttributeValue> once = Map.of("ns", AttributeValue.fromNs(List.of("1.5")),
                "ss", AttributeValue.fromSs(List.of("a")));

        // WHEN / THEN
        assertThat(ItemCodec.canonicalBytes(twice)).isEqualTo(ItemCodec.canonicalBytes(once));
    }

    @Test
    void canonicalBytes_whenFormatVersion1_thenBytesAreExactlyAsSpecified() {
        // GIVEN a small item whose encoding is written out by hand from the format
        Map<String, AttributeValue> item = ordered("b", AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))),
                "a", AttributeValue.fromN("1.50"));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(1);                                            // format version
        int32(expected, 2);                                           // 2 attributes
        str(expected, "a");                                           // "a" sorts first
        expected.write(2);                                            // N
        str(expected, "15e-1");                                       // 1.50 in normal form
        str(expected, "b");
        expected.write(8);                                            // L
        int32(expected, 2);
        expected.write(9);                                            // BOOL true
        expected.write(1);
        expected.write(10);                                           // NULL true
        expected.write(1);

        // WHEN / THEN: changing this breaks every digest kept in a ledger; bump the version instead
        assertThat(HexFormat.of().formatHex(ItemCodec.canonicalBytes(item)))
                .isEqualTo(HexFormat.of().formatHex(expected.toByteArray()));
    }

    @Test
    void canonicalBytes_whenNestedTenThousandLevels_thenNoStackOverflow() {
        // GIVEN nesting far beyond DynamoDB's, which a recursive encoder could not take
        Map<String, AttributeValue> item = Map.of("deep", SampleItems.nested(10_000));

        // WHEN
        byte[] bytes = ItemCodec.canonicalBytes(item);
        long size = ItemCodec.itemSizeBytes(item);

        // THEN every level is in the encoding and in the size
        assertThat(bytes.length).isGreaterThan(10_000 * 5);
        assertThat(size).isGreaterThan(10_000 * 4L);
    }

    @Test
    void canonicalBytes_whenItemIs350Kb_thenAboutItsSizeAndDeterministic() {
        // GIVEN
        Map<String, AttributeValue> item = SampleItems.large("big", 350);
        Map<String, AttributeValue> reversed = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(item.keySet());
        Collections.reverse(names);
        names.forEach(n -> reversed.put(n, item.get(n)));

        // WHEN
        byte[] bytes = ItemCodec.canonicalBytes(item);

        // THEN no bigger than the item plus small per-value overhead, and the same from any order
        assertThat((long) bytes.length).isBetween(ItemCodec.itemSizeBytes(item), ItemCodec.itemSizeBytes(item) * 3);
        assertThat(ItemCodec.canonicalBytes(reversed)).isEqualTo(bytes);
    }

    @Test
    void canonicalBytes_whenNumberInvalid_thenErrorNamesPath() {
        Map<String, AttributeValue> item = Map.of("l", AttributeValue.fromL(List.of(AttributeValue.fromS("ok"), AttributeValue.fromN("1,5"))));

        assertThatThrownBy(() -> ItemCodec.canonicalBytes(item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.l.L[1]")
                .hasMessageContaining("not a valid DynamoDB number");
    }

    @Test
    void utf8Order_whenSupplementaryMeetsHighBmp_thenOrdersAsUtf8Bytes() {
        // GIVEN U+FFFD (EF BF BD) and U+1F600 (F0 9F 98 80); UTF-16 code units order them the other way
        String bmp = "\uFFFD";
        String emoji = "\uD83D\uDE00";

        // WHEN / THEN
        assertThat(bmp.compareTo(emoji)).isPositive();
        assertThat(Utf8.compare(bmp, emoji)).isNegative();
        assertThat(Utf8.compare("a", "ab")).isNegative();
        assertThat(Utf8.compare("\uD83D\uDE00", "\uD83D\uDE01")).isNegative();
        assertThat(Utf8.length(bmp + emoji + "\u00e9a")).isEqualTo(3 + 4 + 2 + 1);
        assertThat(Utf8.length(bmp + emoji + "\u00e9a")).isEqualTo((bmp + emoji + "\u00e9a").getBytes(StandardCharsets.UTF_8).length);
    }

    // ---- itemSizeBytes -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"pk\":{\"S\":\"abc\"}}                                               | 5",
            "{\"\u00e9\":{\"S\":\"\u20ac\"}}                                        | 5",
            "{\"n\":{\"N\":\"12345\"}}                                              | 5",
            "{\"n\":{\"N\":\"-1.5\"}}                                               | 5",
            "{\"n\":{\"N\":\"0\"}}                                                  | 2",
            "{\"n\":{\"N\":\"100\"}}                                                | 3",
            "{\"n\":{\"N\":\"0.05\"}}                                               | 3",
            "{\"n\":{\"N\":\"12345678901234567890123456789012345678\"}}             | 21",
            "{\"b\":{\"B\":\"AAECAwQFBgcICQ==\"}}                                   | 11",
            "{\"ss\":{\"SS\":[\"a\",\"bb\"]}}                                       | 5",
            "{\"ns\":{\"NS\":[\"1\",\"100\"]}}                                      | 6",
            "{\"m\":{\"M\":{\"k\":{\"S\":\"v\"},\"n\":{\"NULL\":true}}}}            | 10",
            "{\"l\":{\"L\":[{\"BOOL\":true},{\"S\":\"ab\"},{\"L\":[]}]}}            | 13",
            "{\"a\":{\"BOOL\":false},\"z\":{\"NULL\":true},\"e\":{\"S\":\"\"}}       | 5",
    })
    void itemSizeBytes_whenItemGiven_thenDynamoDbsCount(String json, long expected) {
        // GIVEN sizes worked out by hand:
        //   S: name + UTF-8 bytes; N: name + ceil(digits/2, aligned on the point) + 1; B: name + bytes;
        //   M: name + 3 + (key + value + 1) each; L: name + 3 + (value + 1) each; BOOL/NULL: name + 1
        Map<String, AttributeValue> item = ItemCodec.fromJson(Json.parse(json));

        // WHEN / THEN
        assertThat(ItemCodec.itemSizeBytes(item)).isEqualTo(expected);
    }

    @Test
    void itemSizeBytes_whenNestedValueBad_thenErrorNamesExactPath() {
        // GIVEN a bad number deep in a map in a list
        Map<String, AttributeValue> item = Map.of("ok", AttributeValue.fromS("fine"), "a", AttributeValue.fromL(List.of(
                AttributeValue.fromS("x"), AttributeValue.fromM(Map.of("price", AttributeValue.fromN("12,50"))))));

        // WHEN / THEN
        assertThatThrownBy(() -> ItemCodec.itemSizeBytes(item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.a.L[1].M.price")
                .hasMessageContaining("Fix:");
    }

    @Test
    void capacityUnits_whenSizesAroundBoundaries_thenRoundedUp() {
        assertThat(ItemCodec.writeCapacityUnits(0)).isEqualTo(1);
        assertThat(ItemCodec.writeCapacityUnits(1024)).isEqualTo(1);
        assertThat(ItemCodec.writeCapacityUnits(1025)).isEqualTo(2);
        assertThat(ItemCodec.writeCapacityUnits(ItemCodec.MAX_ITEM_SIZE_BYTES)).isEqualTo(400);
        assertThat(ItemCodec.readCapacityUnits(4096, true)).isEqualTo(1.0);
        assertThat(ItemCodec.readCapacityUnits(4097, true)).isEqualTo(2.0);
        assertThat(ItemCodec.readCapacityUnits(4097, false)).isEqualTo(1.0);
        assertThat(ItemCodec.readCapacityUnits(10, false)).isEqualTo(0.5);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Map<String, AttributeValue> numberItem(String n) {
        return Map.of(
                "n", AttributeValue.fromN(n),
                "ns", AttributeValue.fromNs(List.of(n, "7")),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("deep", AttributeValue.fromN(n))))));
    }

    private static Map<String, AttributeValue> ordered(String k1, AttributeValue v1, String k2, AttributeValue v2) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int32(out, b.length);
        out.writeBytes(b);
    }
}
