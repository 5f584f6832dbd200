package dev.otlp.operator.secrets;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data of the generated {@code X-receiver-tls} Secret: a CA of its own and a server certificate it signs for the
 * Service's DNS names, renewed {@link #RENEW_BEFORE} before either expires.
 *
 * <p>All maps are Secret {@code data}: values base64 encoded, as {@code Secret.getData()} returns them and
 * {@code SecretBuilder.withData} takes them. Keys: {@code tls.crt} (the server certificate alone; clients trust
 * {@code ca.crt}), {@code tls.key} (its PKCS#8 key), {@code ca.crt}, and {@code ca.key}, which lets the operator
 * renew the server certificate under the same CA so that clients keep trusting it. Mount only
 * {@link #MOUNTED_KEYS} into pods. Nothing here reads the clock or logs: callers pass "now".
 */
public final class ReceiverCertificates {

    public static final String SECRET_TYPE = "kubernetes.io/tls";
    public static final String TLS_CRT = "tls.crt";
    public static final String TLS_KEY = "tls.key";
    public static final String CA_CRT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    /** What the pod needs; {@code ca.key} stays out of it. */
    public static final List<String> MOUNTED_KEYS = List.of(TLS_CRT, TLS_KEY, CA_CRT);

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
     * The Secret data to apply: {@code current} itself while it needs no renewal, otherwise a new server certificate,
     * signed by the current CA unless that CA is unreadable, not yet valid, or would expire before the new certificate
     * does. The result never needs renewal at {@code now}.
     *
     * @param current the existing Secret's data, or null when there is no Secret yet
     */
    public Map<String, String> desiredData(Map<String, String> current, String name, String namespace, Instant now) {
        if (!needsRenewal(current, name, namespace, now)) {
            return current;
        }
        KeyAndCertificate authority = KeyAndCertificate.read(current, CA_CRT, CA_KEY)
                .filter(ca -> !now.isBefore(ca.notBefore()) && ca.notAfter().isAfter(now.plus(SERVER_VALIDITY)))
                .orElseGet(() -> issuer.authority(name + "." + namespace + " receiver CA", now, CA_VALIDITY));
        KeyAndCertificate server = issuer.server(authority, dnsNames(name, namespace), now, SERVER_VALIDITY);
        return Map.of(
                TLS_CRT, SecretData.encode(Pem.certificate(server.certificate())),
                TLS_KEY, SecretData.encode(Pem.privateKey(server.key())),
                CA_CRT, SecretData.encode(Pem.certificate(authority.certificate())),
                CA_KEY, SecretData.encode(Pem.privateKey(authority.key())));
    }

    /**
     * True when the data is missing or unreadable, its keys do not match its certificates, the server certificate is
     * not signed by {@code ca.crt} or names other DNS names than {@link #dnsNames}, or either certificate is not yet
     * valid or expires within {@link #RENEW_BEFORE}.
     */
    public boolean needsRenewal(Map<String, String> secretData, String name, String namespace, Instant now) {
        return Chain.read(secretData)
                .filter(chain -> Set.copyOf(dnsNames(name, namespace)).equals(dnsNamesOf(chain.server().certificate())))
                .filter(chain -> !now.isBefore(chain.authority().notBefore()) && !now.isBefore(chain.server().notBefore()))
                .filter(chain -> now.isBefore(chain.renewalDue()))
                .isEmpty();
    }

    /**
     * When {@link #needsRenewal} turns true by the passing of time alone: {@link #RENEW_BEFORE} before the earlier of
     * the two certificates' expiry. Empty when the data is unusable whatever the time, that is, renewal is due now.
     */
    public Optional<Instant> renewalDue(Map<String, String> secretData) {
        return Chain.read(secretData).map(Chain::renewalDue);
    }

    /** A readable CA pair and a readable server pair that the CA signed. */
    private record Chain(KeyAndCertificate authority, KeyAndCertificate server) {

        static Optional<Chain> read(Map<String, String> secretData) {
            return KeyAndCertificate.read(secretData, CA_CRT, CA_KEY)
                    .flatMap(authority -> KeyAndCertificate.read(secretData, TLS_CRT, TLS_KEY)
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
