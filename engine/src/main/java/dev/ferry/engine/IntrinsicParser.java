package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Parses intrinsic function calls: {@code States.Name(arg, ...)}, arguments being literals, paths or calls. */
final class IntrinsicParser {
    private final String text;
    private int pos;

    private IntrinsicParser(String text) {
        this.text = text;
    }

    static IntrinsicCall parse(String text) {
        IntrinsicParser parser = new IntrinsicParser(text);
        IntrinsicCall call = parser.call();
        parser.skipSpaces();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the closing parenthesis");
        }
        return call;
    }

    private IntrinsicCall call() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (!name.startsWith("States.")) {
            throw error("expected an intrinsic function name starting with States.");
        }
        expect('(');
        List<IntrinsicArgument> args = new ArrayList<>();
        skipSpaces();
        if (peek() == ')') {
            pos++;
        } else {
            while (true) {
                args.add(argument());
                skipSpaces();
                char c = next();
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected , or ) after an argument");
                }
            }
        }
        return IntrinsicCall.of(name, args, text.substring(start, pos));
    }

    private IntrinsicArgument argument() {
        skipSpaces();
        char c = peek();
        if (c == '\'') {
            return stringLiteral();
        }
        if (c == '$') {
            return new IntrinsicArgument.PathArgument(Path.compile(pathText()));
        }
        if (text.startsWith("States.", pos)) {
            return call();
        }
        String word = word();
        return switch (word) {
            case "true" -> new IntrinsicArgument.Literal(BooleanNode.TRUE, null);
            case "false" -> new IntrinsicArgument.Literal(BooleanNode.FALSE, null);
            case "null" -> new IntrinsicArgument.Literal(NullNode.instance, null);
            default -> new IntrinsicArgument.Literal(number(word), null);
        };
    }

    private IntrinsicArgument.Literal stringLiteral() {
        pos++;
        StringBuilder value = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("a string literal is not closed with '");
            }
            char c = text.charAt(pos++);
            if (c == '\\') {
                if (pos >= text.length()) {
                    throw error("a string literal ends with a lone \\");
                }
                char escaped = text.charAt(pos++);
                value.append(escaped);
                if (escaped == '\'') {
                    raw.append('\'');
                } else {
                    raw.append('\\').append(escaped);
                }
            } else if (c == '\'') {
                return new IntrinsicArgument.Literal(TextNode.valueOf(value.toString()), raw.toString());
            } else {
                value.append(c);
                raw.append(c);
            }
        }
    }

    /** A path runs to the next top-level , or ), skipping brackets, parentheses and quoted text inside it. */
    private String pathText() {
        int start = pos;
        int depth = 0;
        char quote = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (quote != 0) {
                if (c == '\\') {
                    pos++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            pos++;
        }
        return text.substring(start, pos).trim();
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && ",) ".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (start == pos) {
            throw error("expected an argument");
        }
        return text.substring(start, pos);
    }

    private JsonNode number(String word) {
        try {
            BigDecimal n = new BigDecimal(word);
            return n.scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                    ? LongNode.valueOf(n.longValueExact()) : DecimalNode.valueOf(n);
        } catch (NumberFormatException | ArithmeticException e) {
            pos -= word.length();
            throw error("'" + word + "' is not a string ('...'), number, true, false, null, path or intrinsic function");
        }
    }

    private void expect(char c) {
        skipSpaces();
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private char next() {
        if (pos >= text.length()) {
            throw error("the call is not closed with )");
        }
        return text.charAt(pos++);
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private IllegalArgumentException error(String reason) {
        return new IllegalArgumentException("'" + text + "' is not a valid intrinsic function call: " + reason + " (at position " + pos + ")");
    }
}
