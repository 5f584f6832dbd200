package dev.otlp.operator.api;

public class OtlpExporterStatus {
    public Long observedGeneration;
}
