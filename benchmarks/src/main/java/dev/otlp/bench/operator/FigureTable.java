package dev.otlp.bench.operator;

import dev.otlp.bench.MarkdownTable;
import dev.otlp.bench.Report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@link FleetScale}'s figures, each with the goal it is held against when there is one. */
final class FigureTable implements Report.Table {

    /** One figure ({@code met} null when it has no goal). */
    private record Figure(String name, double value, String unit, String goal, Boolean met) {
    }

    private final List<Figure> figures = new ArrayList<>();

    void add(String name, double value, String unit) {
        figures.add(new Figure(name, value, unit, "", null));
    }

    void add(String name, double value, String unit, String goal, boolean met) {
        figures.add(new Figure(name, value, unit, goal, met));
    }

    @Override
    public String key() {
        return "figures";
    }

    @Override
    public String markdown() {
        MarkdownTable table = new MarkdownTable().left("measure").right("value").left("goal");
        for (Figure figure : figures) {
            table.row(figure.name(), number(figure.value()) + " " + figure.unit(),
                    figure.met() == null ? "" : figure.goal() + (figure.met() ? " ✔" : " ✘"));
        }
        return table.toString();
    }

    @Override
    public List<Map<String, Object>> rows() {
        return figures.stream().map(figure -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", figure.name());
            row.put("value", figure.value());
            row.put("unit", figure.unit());
            if (figure.met() != null) {
                row.put("goal", figure.goal());
                row.put("met", figure.met());
            }
            return row;
        }).toList();
    }

    /** Three significant digits for small numbers, whole numbers above 100. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }
}
