package dev.otlp.bench.operator;

import dev.otlp.bench.MarkdownTable;
import dev.otlp.bench.Report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The operator's API requests in each phase of {@link FleetScale}. */
final class PhaseTable implements Report.Table {

    /** The operator's API requests during one phase. */
    record Phase(String name, double seconds, long reads, long watches, long writes, int resources,
                 Map<String, Long> writesByRequest) {

        double readsPerResource() {
            return resources == 0 ? Double.NaN : (double) reads / resources;
        }

        double writesPerResource() {
            return resources == 0 ? Double.NaN : (double) writes / resources;
        }

        String writesByRequestText() {
            return writesByRequest.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
        }
    }

    private final List<Phase> phases = new ArrayList<>();

    void add(Phase phase) {
        phases.add(phase);
    }

    @Override
    public String key() {
        return "operatorRequests";
    }

    @Override
    public String markdown() {
        MarkdownTable table = new MarkdownTable().left("phase").right("seconds").right("reads").right("watches")
                .right("writes").right("reads/resource").right("writes/resource").left("writes by request");
        for (Phase phase : phases) {
            table.row(phase.name(), FigureTable.number(phase.seconds()), String.valueOf(phase.reads()),
                    String.valueOf(phase.watches()), String.valueOf(phase.writes()),
                    FigureTable.number(phase.readsPerResource()), FigureTable.number(phase.writesPerResource()),
                    phase.writesByRequestText());
        }
        return "API requests of the operator (User-Agent otlp-fleet-operator):\n\n" + table;
    }

    @Override
    public List<Map<String, Object>> rows() {
        return phases.stream().map(phase -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("phase", phase.name());
            row.put("seconds", phase.seconds());
            row.put("reads", phase.reads());
            row.put("watches", phase.watches());
            row.put("writes", phase.writes());
            row.put("readsPerResource", phase.readsPerResource());
            row.put("writesPerResource", phase.writesPerResource());
            row.put("writesByRequest", phase.writesByRequestText());
            return row;
        }).toList();
    }
}
