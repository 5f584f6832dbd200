package dev.otlp.operator.reconciler;

/** Names of the workflow's generated-Secret dependents, which are also their event sources' names. */
final class GeneratedSecrets {

    static final String RECEIVER_TLS = "receiver-tls";
    static final String RECEIVER_CA = "receiver-ca";
    static final String RECEIVER_API_KEY = "receiver-api-key";

    private GeneratedSecrets() {
    }
}
