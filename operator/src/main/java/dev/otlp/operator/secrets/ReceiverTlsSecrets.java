package dev.otlp.operator.secrets;

import java.util.Map;

/**
 * The data of the two Secrets behind a generated receiver certificate, base64 values as in a Secret's {@code data}.
 *
 * @param tls {@code X-receiver-tls}, mounted into the pods and handed to clients for its {@code ca.crt}: exactly
 *            {@code tls.crt}, {@code tls.key} and {@code ca.crt}
 * @param ca  {@code X-receiver-ca}, never mounted: {@code ca.crt} and {@code ca.key}, with which the operator signs
 *            each renewed server certificate
 */
public record ReceiverTlsSecrets(Map<String, String> tls, Map<String, String> ca) {

    /** Names the Secrets only: the keys never reach a log or a message. */
    @Override
    public String toString() {
        return "ReceiverTlsSecrets[tls=" + tls.keySet() + ", ca=" + ca.keySet() + "]";
    }
}
