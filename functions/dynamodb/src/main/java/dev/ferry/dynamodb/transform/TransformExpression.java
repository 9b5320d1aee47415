package dev.ferry.dynamodb.transform;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One JSONata expression of a transform spec ({@code when}, {@code update} or an {@code emit} item),
 * compiled once and evaluated per item on its {@link PlainJson plain-JSON view}, with the input's
 * variables and Ferry's set functions bound. Evaluation is bounded in time and depth, so an
 * expression that loops fails that item instead of the whole invocation.
 */
final class TransformExpression {
    /** Longest an expression may run on one item. */
    static final long TIMEOUT_MILLIS = 10_000;
    /** Deepest recursion an expression may reach on one item. */
    static final int MAX_DEPTH = 500;

    private final String path;
    private final String text;
    private final Jsonata compiled;

    private TransformExpression(String path, String text, Jsonata compiled) {
        this.path = path;
        this.text = text;
        this.compiled = compiled;
    }

    /**
     * Compiles an expression.
     *
     * @param path where it is in the input, e.g. {@code $.transform.update}
     * @throws SyntaxError naming the line and column of the problem
     */
    static TransformExpression compile(String path, String text) {
        try {
            Jsonata compiled = Jsonata.jsonata(text);
            compiled.setOutputConvertNulls(false); // JSON null stays null (DynamoDB NULL), apart from undefined
            return new TransformExpression(path, text, compiled);
        } catch (JException e) {
            throw new SyntaxError(path, position(text, e.getLocation()) + ": " + describe(e));
        } catch (RuntimeException e) {
            throw new SyntaxError(path, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    String path() {
        return path;
    }

    String text() {
        return text;
    }

    /**
     * Evaluates the expression on {@code input}.
     *
     * @return the result as JSONata returns it (null when undefined, {@link Jsonata#NULL_VALUE} for null)
     * @throws EvaluationError when JSONata fails on this input (the message is JSONata's code and text)
     */
    Object evaluate(Object input, Map<String, Object> bindings) {
        Jsonata.Frame frame = compiled.createFrame();
        bindings.forEach((name, value) -> {
            if (value instanceof Jsonata.JFunction f) {
                frame.bind(name, f);
            } else {
                frame.bind(name, value);
            }
        });
        frame.setRuntimeBounds(TIMEOUT_MILLIS, MAX_DEPTH);
        try {
            Object result = compiled.evaluate(input, frame);
            return result;
        } catch (JException e) {
            throw new EvaluationError(describe(e));
        } catch (StackOverflowError e) {
            throw new EvaluationError("the expression recursed too deeply");
        } catch (RuntimeException e) {
            throw new EvaluationError(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /**
     * The variables ({@code $name}) the expression reads that it does not bind itself ({@code $x := ...},
     * function parameters), JSONata does not define, and {@code known} does not hold: a misspelt or
     * missing variable, which JSONata would silently read as nothing.
     */
    Set<String> unknownVariables(Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        Set<String> bound = boundNames(text);
        for (String name : referencedNames(text)) {
            if (!bound.contains(name) && !known.contains(name) && !builtIn(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Whether JSONata itself defines {@code $name} (a function such as $exists or $merge). */
    static boolean builtIn(String name) {
        try {
            return Jsonata.jsonata("$" + name).evaluate(null) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Every {@code $name} the text reads, outside strings, quoted names and comments (not {@code $} or {@code $$}). */
    static Set<String> referencedNames(String text) {
        Set<String> names = new LinkedHashSet<>();
        for (Token t : tokens(text)) {
            if (t.variable != null) {
                names.add(t.variable);
            }
        }
        return names;
    }

    /** Names the text binds: {@code $x := ...} and the parameters of {@code function($a, $b)} / {@code λ($a)}. */
    static Set<String> boundNames(String text) {
        Set<String> bound = new LinkedHashSet<>();
        List<Token> tokens = tokens(text);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.variable != null && i + 1 < tokens.size() && ":=".equals(tokens.get(i + 1).symbol)) {
                bound.add(t.variable);
            }
            if (("function".equals(t.symbol) || "λ".equals(t.symbol)) && i + 1 < tokens.size() && "(".equals(tokens.get(i + 1).symbol)) {
                for (int j = i + 2; j < tokens.size() && !")".equals(tokens.get(j).symbol); j++) {
                    if (tokens.get(j).variable != null) {
                        bound.add(tokens.get(j).variable);
                    }
                }
            }
        }
        return bound;
    }

    /** A token of the text: a variable name, or a symbol (word or punctuation); strings and comments are skipped. */
    private record Token(String variable, String symbol) {
    }

    private static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        boolean operand = false; // whether the previous token ends an operand (then '/' divides, else it starts a regex)
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' || c == '\'' || c == '`') {
                i = skipQuoted(text, i, c);
                operand = true;
            } else if (c == '/' && !operand) {
                i = skipRegex(text, i);
                operand = true;
            } else if (c == '$') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                String name = text.substring(i + 1, j);
                if (!name.isEmpty()) {
                    out.add(new Token(name, null));
                } else if (j < n && text.charAt(j) == '$') {
                    j++; // $$
                }
                operand = true;
                i = j;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == 'λ') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_' || text.charAt(j) == '.'
                        && j + 1 < n && Character.isDigit(text.charAt(j + 1)))) {
                    j++;
                }
                String word = text.substring(i, j);
                out.add(new Token(null, word));
                operand = !(word.equals("and") || word.equals("or") || word.equals("in"));
                i = j;
            } else {
                String symbol = i + 1 < n && text.startsWith(":=", i) ? ":=" : String.valueOf(c);
                out.add(new Token(null, symbol));
                operand = c == ')' || c == ']' || c == '}';
                i += symbol.length();
            }
        }
        return out;
    }

    private static int skipQuoted(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }

    private static int skipRegex(String text, int start) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '/') {
                i++;
                while (i < text.length() && Character.isLetter(text.charAt(i))) {
                    i++; // flags
                }
                return i;
            } else {
                i++;
            }
        }
        return i;
    }

    /** "line L, column C" of a JSONata error position (JSONata counts characters, the first at 1 after it). */
    static String position(String text, int location) {
        int offset = Math.max(0, Math.min(text.length(), location) - 1);
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return "line " + line + ", column " + column;
    }

    private static String describe(JException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return e.getError() == null || message.startsWith(e.getError()) ? message : e.getError() + ": " + message;
    }

    /** The expression does not parse. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String path;

        SyntaxError(String path, String message) {
            super(message);
            this.path = path;
        }
    }

    /** JSONata failed on one item. */
    static final class EvaluationError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvaluationError(String message) {
            super(message);
        }
    }
}
