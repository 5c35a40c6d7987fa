package dev.signet.cli.io;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for a terminal: a heading row and left-aligned columns two spaces apart.
 * Cells are untrusted (they come from a server), so every character a terminal could act on is
 * escaped as {@code \}{@code uXXXX}.
 */
public final class TextTable {

    private final String[] headings;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... headings) {
        this.headings = headings.clone();
    }

    public TextTable row(Object... cells) {
        if (cells.length != headings.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + headings.length + " columns");
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cell(cells[i]);
        }
        rows.add(r);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, one line per row, each ending with a line break; the heading styled. */
    public String render(Style style) {
        int[] width = new int[headings.length];
        for (int i = 0; i < headings.length; i++) {
            width[i] = headings[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headings, width, style, true);
        for (String[] r : rows) {
            line(sb, r, width, style, false);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width, Style style, boolean heading) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String text = heading ? style.heading(cells[i]) : cells[i];
            l.append(text);
            if (!last) {
                l.append(" ".repeat(width[i] - cells[i].codePointCount(0, cells[i].length()) + 2));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** A cell's text: lists joined with a space, null as {@code -}, unsafe characters escaped. */
    public static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) {
                parts.add(cell(o));
            }
            return parts.isEmpty() ? "-" : String.join(" ", parts);
        }
        return JsonText.printable(value.toString());
    }
}
