package dev.otlp.bench;

import java.util.ArrayList;
import java.util.List;

/** A markdown table: a header, an alignment per column (numbers to the right) and rows of cells. */
public final class MarkdownTable {

    private final StringBuilder header = new StringBuilder("|");
    private final StringBuilder alignment = new StringBuilder("|");
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable left(String column) {
        header.append(' ').append(column).append(" |");
        alignment.append("---|");
        return this;
    }

    public MarkdownTable right(String column) {
        header.append(' ').append(column).append(" |");
        alignment.append("---:|");
        return this;
    }

    public MarkdownTable row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(header).append('\n').append(alignment).append('\n');
        rows.forEach(cells -> out.append("| ").append(String.join(" | ", cells)).append(" |\n"));
        return out.toString();
    }
}
