package dev.otlp.operator.api;

public class OtlpExporterSpec {
    public String profile;
}
