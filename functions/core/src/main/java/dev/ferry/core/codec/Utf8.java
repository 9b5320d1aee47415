package dev.ferry.core.codec;

import java.util.Comparator;

/** UTF-8 lengths and ordering computed on {@link String}s directly, without encoding copies. */
final class Utf8 {
    /**
     * Orders strings as their UTF-8 bytes compare (unsigned), which is Unicode code point order.
     * {@link String#compareTo} compares UTF-16 code units and differs from it when a supplementary
     * character (a surrogate pair) meets a character in U+E000..U+FFFF.
     */
    static final Comparator<String> ORDER = Utf8::compare;

    private Utf8() {
    }

    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    // surrogates go above U+E000..U+FFFF, as their code points (>= U+10000) do
                    x = fixup(x);
                    y = fixup(y);
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private static char fixup(char c) {
        return (char) (c >= 0xE000 ? c - 0x800 : c + 0x2000);
    }

    /**
     * The number of bytes {@code s} takes in UTF-8, with a lone surrogate counted as the 3 bytes it takes in WTF-8 (Java's own encoder would replace it with {@code ?},
     * so two different strings could encode equally).
     */
    static long length(String s) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
