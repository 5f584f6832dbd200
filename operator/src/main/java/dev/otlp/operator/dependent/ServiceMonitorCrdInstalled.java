package dev.otlp.operator.dependent;

import dev.otlp.operator.monitoring.MonitoringCrds;



public class ServiceMonitorCrdInstalled extends MonitoringCrdInstalled {

    public ServiceMonitorCrdInstalled() {
        super(MonitoringCrds.SERVICE_MONITORS);
    }
}
