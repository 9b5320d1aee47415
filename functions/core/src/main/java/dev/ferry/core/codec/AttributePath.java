package dev.ferry.core.codec;

/**
 * A JSON path into a DynamoDB JSON document ({@code $.tags.SS[2]}, {@code $['order id'].M.total.N}),
 * built as a linked list so that a deep walk allocates one small node a level and renders the text
 * only when an error needs it.
 */
final class AttributePath {
    static final AttributePath ROOT = new AttributePath(null, null, -1);

    private final AttributePath parent;
    private final String name;
    private final int index;

    private AttributePath(AttributePath parent, String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    /** The member {@code name} of the object this path points at. */
    AttributePath child(String name) {
        return new AttributePath(this, name, -1);
    }

    /** The element {@code index} of the array this path points at. */
    AttributePath element(int index) {
        return new AttributePath(this, null, index);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        render(this, sb);
        return sb.toString();
    }

    private static void render(AttributePath p, StringBuilder sb) {
        // iterative: walk to the root first, then append from the root down
        int depth = 0;
        for (AttributePath q = p; q != null; q = q.parent) {
            depth++;
        }
        AttributePath[] chain = new AttributePath[depth];
        for (AttributePath q = p; q != null; q = q.parent) {
            chain[--depth] = q;
        }
        for (AttributePath q : chain) {
            if (q.parent == null) {
                sb.append('$');
            } else if (q.name == null) {
                sb.append('[').append(q.index).append(']');
            } else {
                appendName(q.name, sb);
            }
        }
    }

    static void appendName(String name, StringBuilder sb) {
        if (isIdentifier(name)) {
            sb.append('.').append(name);
            return;
        }
        sb.append("['");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append("']");
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
