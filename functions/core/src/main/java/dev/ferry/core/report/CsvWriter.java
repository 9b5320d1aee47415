package dev.ferry.core.report;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Builds a CSV file in memory: RFC 4180 (a header row, CRLF line ends, a field quoted when it
 * holds a comma, a double quote, CR or LF, with its quotes doubled), UTF-8 without a byte order
 * mark.
 *
 * <p>Spreadsheet formula injection is defused: a text cell starting with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a CR gets a leading {@code '}, so Excel, LibreOffice and Google
 * Sheets show it as text instead of evaluating it. Cells given as a {@link Number} are written as
 * they are ({@code -5} stays a number), since a number cannot carry a formula.
 *
 * <p>Every row must have as many cells as the header. Not thread-safe.
 *
 * <pre>{@code
 * CsvWriter csv = new CsvWriter("table", "key", "problem");
 * csv.row("orders", "id=42", "missing in destination");
 * byte[] file = csv.toBytes();
 * }</pre>
 */
public final class CsvWriter {
    private static final String CRLF = "\r\n";

    private final StringBuilder out = new StringBuilder(256);
    private final int columns;
    private long rows;

    /** A CSV file with this header row. */
    public CsvWriter(String... header) {
        this(Arrays.asList(header));
    }

    /** A CSV file with this header row. */
    public CsvWriter(List<String> header) {
        Objects.requireNonNull(header, "header");
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a CSV file needs at least one column. Fix: pass the column names");
        }
        this.columns = header.size();
        append(header);
    }

    /**
     * Appends one row. A {@code null} cell is written empty; a {@link Number} as its
     * {@code toString()}; anything else as its {@code toString()}, quoted and defused as needed.
     *
     * @throws IllegalArgumentException if the row has a different number of cells than the header
     */
    public CsvWriter row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    /** Appends one row; see {@link #row(Object...)}. */
    public CsvWriter row(List<?> cells) {
        Objects.requireNonNull(cells, "cells");
        if (cells.size() != columns) {
            throw new IllegalArgumentException("CSV row " + (rows + 1) + " has " + cells.size() + " cells but the header has "
                    + columns + ". Fix: give every row one cell per column (null for an empty cell)");
        }
        append(cells);
        rows++;
        return this;
    }

    /** Number of rows appended, the header not counted. */
    public long rowCount() {
        return rows;
    }

    /** The file so far, as UTF-8 bytes. */
    public byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The file so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    /**
     * One cell as it appears in the file: defused against formula injection (unless a
     * {@link Number}) and quoted if needed.
     */
    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!(value instanceof Number) && !s.isEmpty()) {
            char first = s.charAt(0);
            if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
                s = "'" + s;
            }
        }
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private void append(List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append(CRLF);
    }
}
