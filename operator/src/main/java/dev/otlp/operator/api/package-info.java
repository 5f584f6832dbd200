/**
 * The {@code OtlpExporter} resource ({@code otlp.dev/v1alpha1}): the Java model the CRD in
 * {@code crds/} is generated from.
 *
 * <p>Conventions of the model: every field is optional unless {@code @Required} and null when
 * unset, so "unset" always means "the profile's (or the documented) default"; durations are
 * strings of a whole number and a unit ({@code 30s}, see {@link dev.otlp.operator.api.ApiPatterns#DURATION});
 * byte sizes are int-or-string, an integer of bytes or a binary quantity such as {@code 64Mi};
 * enums serialize to the names users write ({@code low-latency}, {@code apiKey}, {@code "1.3"}).
 * Unknown fields are ignored when reading, as an API server prunes them, so a typo in a resource
 * stored without schema checks cannot stop the operator from reading every other resource.
 */
package dev.otlp.operator.api;
