package dev.otlp.operator.app;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;

/**
 * The java-operator-sdk settings that keep it off server-side apply, on a cluster as on the
 * in-process API server (fabric8's mock, which refuses it): dependents are created and updated
 * with POST/PUT and a desired-versus-actual matcher, and the primary's status is patched with a
 * JSON patch.
 */
public final class WithoutServerSideApply {

    private WithoutServerSideApply() {
    }

    public static ConfigurationServiceOverrider configure(ConfigurationServiceOverrider overrider) {
        return overrider
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withUseSSAToPatchPrimaryResource(false);
    }
}
