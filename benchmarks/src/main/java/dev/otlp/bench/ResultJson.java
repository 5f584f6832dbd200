package dev.otlp.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Benchmark results as indented JSON, with measured figures kept to six significant digits. */
public final class ResultJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final MathContext SIGNIFICANT = new MathContext(6);

    private ResultJson() {
    }

    public static String write(Map<String, Object> document) {
        try {
            return MAPPER.writeValueAsString(rounded(document)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object rounded(Object value) {
        if (value instanceof Double number) {
            return number.isNaN() || number.isInfinite() ? null
                    : new BigDecimal(number).round(SIGNIFICANT).stripTrailingZeros();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, entry) -> copy.put(key, rounded(entry)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ResultJson::rounded).toList();
        }
        return value;
    }
}
