package dev.otlp.operator.dependent;

import dev.otlp.operator.monitoring.MonitoringCrds;



public class PrometheusRuleCrdInstalled extends MonitoringCrdInstalled {

    public PrometheusRuleCrdInstalled() {
        super(MonitoringCrds.PROMETHEUS_RULES);
    }
}
