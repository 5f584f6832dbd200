package dev.otlp.operator.dependent;

import dev.otlp.operator.monitoring.MonitoringCrds;

public class PodMonitorCrdInstalled extends MonitoringCrdInstalled {

    public PodMonitorCrdInstalled() {
        super(MonitoringCrds.POD_MONITORS);
    }
}
