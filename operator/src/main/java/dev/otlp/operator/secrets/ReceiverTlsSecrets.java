package dev.otlp.operator.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The data of the two Secrets behind a generated receiver certificate, base64 values as in a Secret's {@code data}.
 *
 * @param tls {@code X-receiver-tls}, mounted into the pods: exactly {@code tls.crt}, {@code tls.key} and
 *            {@code ca.crt}
 * @param ca  {@code X-receiver-ca}, read by the operator only: {@code ca.crt} and {@code ca.key}, with which it signs
 *            each renewed server certificate, and {@code previous-ca.crt} while the CA it replaced is unexpired
 */
public record ReceiverTlsSecrets(Map<String, String> tls, Map<String, String> ca) {

    /**
     * What clients trust, as PEM text (the {@code ca.crt} of the ConfigMap {@code X-receiver-ca}): the CA's
     * certificate, then the one it replaced while that is unexpired. No key.
     */
    public String caBundle() {
        return Stream.of(ServiceCertificates.CA_CRT, ServiceCertificates.PREVIOUS_CA_CRT)
                .map(key -> SecretData.decoded(ca, key)).flatMap(Optional::stream)
                .collect(Collectors.joining());
    }

    /** Names the Secrets only: the keys never reach a log or a message. */
    @Override
    public String toString() {
        return "ReceiverTlsSecrets[tls=" + tls.keySet() + ", ca=" + ca.keySet() + "]";
    }
}
