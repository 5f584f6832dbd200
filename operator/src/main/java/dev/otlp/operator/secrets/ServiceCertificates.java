package dev.otlp.operator.secrets;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The certificates of a Service the operator serves TLS behind: a CA of its own and a server certificate it signs for
 * the Service's DNS names, renewed {@link #RENEW_BEFORE} before either expires. They make the data of an exporter's
 * generated {@code X-receiver-tls} and {@code X-receiver-ca} Secrets, and of the admission webhook's own certificate.
 *
 * <p>All maps are Secret {@code data}: values base64 encoded, as {@code Secret.getData()} returns them and
 * {@code SecretBuilder.withData} takes them. {@code X-receiver-tls} holds exactly {@link #TLS_SECRET_KEYS}:
 * {@code tls.crt} (the server certificate alone; clients trust {@code ca.crt}), {@code tls.key} (its PKCS#8 key) and
 * {@code ca.crt}. The CA's key, which lets the operator renew the server certificate under the same CA so that
 * clients keep trusting it, stays in the Secret {@code X-receiver-ca} ({@code ca.crt}, {@code ca.key}), which is
 * never mounted; clients get the CA from the ConfigMap {@code X-receiver-ca} ({@link ReceiverTlsSecrets#caBundle}).
 *
 * <p>The CA is replaced only when it is unreadable, not yet valid, or expires within {@link #SERVER_VALIDITY} when
 * the server certificate is renewed: about once every five years. The CA it replaces stays in the bundle as
 * {@link #PREVIOUS_CA_CRT} until it expires, so that clients trust the pods still serving a certificate it signed
 * while the new one rolls out; its key is discarded, so it vouches for nothing new. Nothing here reads the clock or
 * logs: callers pass "now".
 */
public final class ServiceCertificates {

    public static final String SECRET_TYPE = "kubernetes.io/tls";
    public static final String CA_SECRET_TYPE = "Opaque";
    public static final String TLS_CRT = "tls.crt";
    public static final String TLS_KEY = "tls.key";
    public static final String CA_CRT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    /** In {@code X-receiver-ca}: the certificate of the CA it replaced, until that expires. */
    public static final String PREVIOUS_CA_CRT = "previous-ca.crt";
    /** All of {@code X-receiver-tls}, and all the pod needs. */
    public static final List<String> TLS_SECRET_KEYS = List.of(TLS_CRT, TLS_KEY, CA_CRT);

    public static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
    public static final Duration SERVER_VALIDITY = Duration.ofDays(90);
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final int DNS_NAME_TYPE = 2;

    private final CertificateIssuer issuer = new CertificateIssuer();

    /** The Service's names, short to fully qualified: {@code X}, {@code X.ns}, {@code X.ns.svc}, {@code X.ns.svc.cluster.local}. */
    public static List<String> dnsNames(String name, String namespace) {
        return List.of(name, name + "." + namespace, name + "." + namespace + ".svc",
                name + "." + namespace + ".svc.cluster.local");
    }

    /**
     * The data of both Secrets to apply: {@code currentTls} and {@code currentCa} themselves while they need no
     * renewal (the CA data without a {@link #PREVIOUS_CA_CRT} expired by {@code now}), otherwise a new server
     * certificate, signed by the current CA unless that CA is unreadable, not yet valid, or would expire before the
     * new certificate does; a new CA keeps the certificate of the one it replaces while that is unexpired. The result
     * never needs renewal at {@code now}.
     *
     * @param currentTls the existing {@code X-receiver-tls} data, or null when there is no such Secret yet
     * @param currentCa  the existing {@code X-receiver-ca} data, or null when there is no such Secret yet
     */
    public ReceiverTlsSecrets desiredData(Map<String, String> currentTls, Map<String, String> currentCa, String name,
                                          String namespace, Instant now) {
        if (!needsRenewal(currentTls, currentCa, name, namespace, now)) {
            return new ReceiverTlsSecrets(currentTls, withoutExpiredPrevious(currentCa, now));
        }
        Optional<KeyAndCertificate> keptAuthority = KeyAndCertificate.read(currentCa, CA_CRT, CA_KEY)
                .filter(ca -> !now.isBefore(ca.notBefore()) && ca.notAfter().isAfter(now.plus(SERVER_VALIDITY)));
        KeyAndCertificate authority = keptAuthority
                .orElseGet(() -> issuer.authority(name + "." + namespace + " receiver CA", now, CA_VALIDITY));
        KeyAndCertificate server = issuer.server(authority, dnsNames(name, namespace), now, SERVER_VALIDITY);
        String caCertificate = SecretData.encode(Pem.certificate(authority.certificate()));
        Map<String, String> tls = Map.of(
                TLS_CRT, SecretData.encode(Pem.certificate(server.certificate())),
                TLS_KEY, SecretData.encode(Pem.privateKey(server.key())),
                CA_CRT, caCertificate);
        Map<String, String> ca = keptAuthority.isPresent() ? withoutExpiredPrevious(currentCa, now)
                : newAuthority(caCertificate, authority, unexpiredCertificate(currentCa, CA_CRT, now));
        return new ReceiverTlsSecrets(tls, ca);
    }

    private static Map<String, String> newAuthority(String caCertificate, KeyAndCertificate authority,
                                                    Optional<String> replaced) {
        Map<String, String> ca = new TreeMap<>(Map.of(CA_CRT, caCertificate,
                CA_KEY, SecretData.encode(Pem.privateKey(authority.key()))));
        replaced.ifPresent(previous -> ca.put(PREVIOUS_CA_CRT, previous));
        return Collections.unmodifiableMap(ca);
    }

    private static Map<String, String> withoutExpiredPrevious(Map<String, String> caData, Instant now) {
        if (!caData.containsKey(PREVIOUS_CA_CRT) || unexpiredCertificate(caData, PREVIOUS_CA_CRT, now).isPresent()) {
            return caData;
        }
        Map<String, String> kept = new TreeMap<>(caData);
        kept.remove(PREVIOUS_CA_CRT);
        return Collections.unmodifiableMap(kept);
    }

    /** The base64 value under {@code key} when its first certificate is readable and has not expired by {@code now}. */
    private static Optional<String> unexpiredCertificate(Map<String, String> data, String key, Instant now) {
        return SecretData.decoded(data, key).map(Pem::certificates)
                .filter(certificates -> !certificates.isEmpty())
                .filter(certificates -> certificates.get(0).getNotAfter().toInstant().isAfter(now))
                .map(certificates -> data.get(key));
    }

    /**
     * True when either Secret's data is missing or unreadable, a key does not match its certificate, the server
     * certificate is not signed by the CA or names other DNS names than {@link #dnsNames}, the TLS data holds other
     * keys than {@link #TLS_SECRET_KEYS} or another {@code ca.crt} than the CA's, or either certificate is not yet
     * valid or expires within {@link #RENEW_BEFORE}.
     */
    public boolean needsRenewal(Map<String, String> tlsData, Map<String, String> caData, String name, String namespace,
                                Instant now) {
        return Chain.read(tlsData, caData)
                .filter(chain -> Set.copyOf(dnsNames(name, namespace)).equals(dnsNamesOf(chain.server().certificate())))
                .filter(chain -> !now.isBefore(chain.authority().notBefore()) && !now.isBefore(chain.server().notBefore()))
                .filter(chain -> now.isBefore(chain.renewalDue()))
                .isEmpty();
    }

    /** A readable CA pair and a readable server pair that the CA signed, published with the CA's certificate. */
    private record Chain(KeyAndCertificate authority, KeyAndCertificate server) {

        static Optional<Chain> read(Map<String, String> tlsData, Map<String, String> caData) {
            if (tlsData == null || caData == null || !tlsData.keySet().equals(Set.copyOf(TLS_SECRET_KEYS))
                    || !Objects.equals(tlsData.get(CA_CRT), caData.get(CA_CRT))) {
                return Optional.empty();
            }
            return KeyAndCertificate.read(caData, CA_CRT, CA_KEY)
                    .flatMap(authority -> KeyAndCertificate.read(tlsData, TLS_CRT, TLS_KEY)
                            .filter(server -> server.isSignedBy(authority))
                            .map(server -> new Chain(authority, server)));
        }

        Instant renewalDue() {
            Instant firstExpiry = authority.notAfter().isBefore(server.notAfter()) ? authority.notAfter() : server.notAfter();
            return firstExpiry.minus(RENEW_BEFORE);
        }
    }

    private static Set<String> dnsNamesOf(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
            if (alternativeNames != null) {
                for (List<?> alternativeName : alternativeNames) {
                    if (Integer.valueOf(DNS_NAME_TYPE).equals(alternativeName.get(0))) {
                        names.add((String) alternativeName.get(1));
                    }
                }
            }
        } catch (CertificateParsingException unreadable) {
            names.clear();
        }
        return names;
    }
}
