package dev.otlp.operator.embedded;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;

/**
 * The java-operator-sdk settings that keep it off server-side apply, which the embedded API
 * server (fabric8's mock) refuses: dependents are created and updated with POST/PUT and a
 * desired-versus-actual matcher, and the primary's status is patched with a JSON patch.
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
