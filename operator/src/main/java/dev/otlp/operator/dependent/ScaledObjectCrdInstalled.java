package dev.otlp.operator.dependent;

import dev.otlp.operator.render.ScaledObjects;

/** Activates the ScaledObject dependent only once KEDA's CRD exists. */
public class ScaledObjectCrdInstalled extends MonitoringCrdInstalled {

    public ScaledObjectCrdInstalled() {
        super(ScaledObjects.CRD);
    }
}
