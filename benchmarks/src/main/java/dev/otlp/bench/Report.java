package dev.otlp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's results: the setup, its tables and notes, as markdown (what the console shows) and as a
 * JSON document ({@code setup}, each table's rows under its key, {@code notes}).
 */
public final class Report {

    /** One table of results. */
    public interface Table {

        /** @return the key of this table's rows in the JSON document */
        String key();

        /** @return the table in markdown, with any line that introduces it */
        String markdown();

        /** @return the table's rows, for the JSON document */
        List<Map<String, Object>> rows();
    }

    private final Map<String, Object> setup = new LinkedHashMap<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public void setup(String key, Object value) {
        setup.put(key, value);
    }

    /** Adds a table; it is read when the report is rendered, so it may still be filling. */
    public void table(Table table) {
        tables.add(table);
    }

    public void note(String note) {
        notes.add(note);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        setup.forEach((key, value) -> out.append("- ").append(key).append(": ").append(value).append('\n'));
        tables.forEach(table -> out.append('\n').append(table.markdown()));
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }

    public String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("setup", setup);
        tables.forEach(table -> document.put(table.key(), table.rows()));
        document.put("notes", notes);
        return ResultJson.write(document);
    }

    /** Prints the markdown after a blank line, and writes it and the JSON to the files given (either may be null). */
    public void publish(Path markdownFile, Path jsonFile) throws IOException {
        System.out.println();
        System.out.print(markdown());
        if (markdownFile != null) {
            Files.writeString(markdownFile, markdown());
        }
        if (jsonFile != null) {
            Files.writeString(jsonFile, json());
        }
    }
}
