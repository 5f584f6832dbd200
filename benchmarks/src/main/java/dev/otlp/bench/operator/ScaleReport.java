package dev.otlp.bench.operator;

import dev.otlp.bench.ResultJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** {@link FleetScale}'s results: the console and markdown tables, and JSON. */
final class ScaleReport {

    /** One figure, with the goal it is held against when there is one ({@code met} null otherwise). */
    record Figure(String name, double value, String unit, String goal, Boolean met) {
    }

    /** The operator's API requests during one phase. */
    record Phase(String name, double seconds, long reads, long watches, long writes, int resources,
                 Map<String, Long> writesByRequest) {

        double readsPerResource() {
            return resources == 0 ? Double.NaN : (double) reads / resources;
        }

        double writesPerResource() {
            return resources == 0 ? Double.NaN : (double) writes / resources;
        }
    }

    private final Map<String, Object> setup = new LinkedHashMap<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void setup(String key, Object value) {
        setup.put(key, value);
    }

    void figure(String name, double value, String unit) {
        figures.add(new Figure(name, value, unit, "", null));
    }

    void figure(String name, double value, String unit, String goal, boolean met) {
        figures.add(new Figure(name, value, unit, goal, met));
    }

    void phase(Phase phase) {
        phases.add(phase);
    }

    void note(String note) {
        notes.add(note);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        setup.forEach((key, value) -> out.append("- ").append(key).append(": ").append(value).append('\n'));
        out.append("\n| measure | value | goal |\n|---|---:|---|\n");
        for (Figure figure : figures) {
            out.append("| ").append(figure.name()).append(" | ").append(number(figure.value())).append(' ')
                    .append(figure.unit()).append(" | ")
                    .append(figure.met() == null ? "" : figure.goal() + (figure.met() ? " ✔" : " ✘")).append(" |\n");
        }
        out.append("\nAPI requests of the operator (User-Agent otlp-fleet-operator):\n\n")
                .append("| phase | seconds | reads | watches | writes | reads/resource | writes/resource | writes by request |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Phase phase : phases) {
            out.append("| ").append(phase.name())
                    .append(" | ").append(number(phase.seconds()))
                    .append(" | ").append(phase.reads())
                    .append(" | ").append(phase.watches())
                    .append(" | ").append(phase.writes())
                    .append(" | ").append(number(phase.readsPerResource()))
                    .append(" | ").append(number(phase.writesPerResource()))
                    .append(" | ").append(phase.writesByRequest().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }

    String json() {
        List<Map<String, Object>> figuresJson = figures.stream().map(f -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", f.name());
            map.put("value", f.value());
            map.put("unit", f.unit());
            if (f.met() != null) {
                map.put("goal", f.goal());
                map.put("met", f.met());
            }
            return map;
        }).toList();
        List<Map<String, Object>> phasesJson = phases.stream().map(p -> {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("phase", p.name());
            map.put("seconds", p.seconds());
            map.put("reads", p.reads());
            map.put("watches", p.watches());
            map.put("writes", p.writes());
            map.put("readsPerResource", p.readsPerResource());
            map.put("writesPerResource", p.writesPerResource());
            map.put("writesByRequest", p.writesByRequest().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
            return map;
        }).toList();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("setup", setup);
        document.put("figures", figuresJson);
        document.put("operatorRequests", phasesJson);
        document.put("notes", notes);
        return ResultJson.write(document);
    }




    /** Three significant digits for small numbers, whole numbers above 100. */
    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }
}
