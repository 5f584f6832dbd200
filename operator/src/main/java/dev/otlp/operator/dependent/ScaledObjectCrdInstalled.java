package dev.otlp.operator.dependent;

import dev.otlp.operator.render.ScaledObject;

/** Activates the ScaledObject dependent only once KEDA's CRD exists. */
public class ScaledObjectCrdInstalled extends MonitoringCrdInstalled {

    public ScaledObjectCrdInstalled() {
        super(ScaledObject.CRD);
    }
}
