package dev.otlp.operator.model;

/**
 * Where the exporter pod finds its configuration and credentials. The rendered configuration names
 * these files; the Deployment mounts the ConfigMap and Secrets so that they exist.
 *
 * <p>A user Secret key ({@code caSecretRef}, {@code apiKey.secretRef}, {@code clientSecretRef},
 * {@code receiver.auth.apiKey.secretRef}) is projected with a volume {@code items} entry onto the
 * fixed file name below ({@code *_ITEM}), so the configuration never depends on a key's name.
 * Whole Secrets ({@code clientCertSecretRef}, {@code receiver.tls}) are mounted as they are and
 * must hold {@code tls.crt} and {@code tls.key}.
 *
 * <p>Every Secret is a volume of its own, mounted as a directory and never with {@code subPath}: the kubelet swaps a
 * changed Secret's files in place, and the runtime reloads them without a restart.
 */
public final class MountPaths {

    /** ConfigMap {@code <name>-config} holds the rendered configuration under this key. */
    public static final String CONFIG_KEY = "config.toml";
    public static final String CONFIG_DIR = "/etc/otlp/config/";
    public static final String CONFIG_FILE = CONFIG_DIR + CONFIG_KEY;

    /** Keys of a {@code kubernetes.io/tls} Secret, and of the generated {@code <name>-receiver-tls}. */
    public static final String TLS_CERT_KEY = "tls.crt";
    public static final String TLS_KEY_KEY = "tls.key";
    public static final String CA_CERT_KEY = "ca.crt";

    /** Key of the generated {@code <name>-receiver-api-key} Secret, and the file an API key is projected to. */
    public static final String API_KEY_ITEM = "api-key";
    /**
     * A receiver API key Secret's key {@code K} may come with {@code K + PREVIOUS_SUFFIX}: the key clients may still
     * present while they move to the new one.
     */
    public static final String PREVIOUS_SUFFIX = ".previous";
    /** The file the OAuth2 client secret is projected to. */
    public static final String CLIENT_SECRET_ITEM = "client-secret";

    public static final String UPSTREAM_CA_DIR = "/etc/otlp/upstream-ca/";
    public static final String UPSTREAM_CA_FILE = UPSTREAM_CA_DIR + CA_CERT_KEY;

    public static final String UPSTREAM_CLIENT_DIR = "/etc/otlp/upstream-client/";
    public static final String UPSTREAM_CLIENT_CERT_FILE = UPSTREAM_CLIENT_DIR + TLS_CERT_KEY;
    public static final String UPSTREAM_CLIENT_KEY_FILE = UPSTREAM_CLIENT_DIR + TLS_KEY_KEY;

    public static final String UPSTREAM_API_KEY_DIR = "/etc/otlp/upstream-api-key/";
    public static final String UPSTREAM_API_KEY_FILE = UPSTREAM_API_KEY_DIR + API_KEY_ITEM;

    public static final String OAUTH2_DIR = "/etc/otlp/oauth2/";
    public static final String OAUTH2_CLIENT_SECRET_FILE = OAUTH2_DIR + CLIENT_SECRET_ITEM;

    public static final String RECEIVER_TLS_DIR = "/etc/otlp/receiver-tls/";
    public static final String RECEIVER_TLS_CERT_FILE = RECEIVER_TLS_DIR + TLS_CERT_KEY;
    public static final String RECEIVER_TLS_KEY_FILE = RECEIVER_TLS_DIR + TLS_KEY_KEY;
    public static final String RECEIVER_TLS_CA_FILE = RECEIVER_TLS_DIR + CA_CERT_KEY;

    public static final String RECEIVER_API_KEY_DIR = "/etc/otlp/receiver-api-key/";
    public static final String RECEIVER_API_KEY_FILE = RECEIVER_API_KEY_DIR + API_KEY_ITEM;
    /** Exists only while the Secret holds a previous key, which the runtime accepts too. */
    public static final String RECEIVER_API_KEY_PREVIOUS_FILE = RECEIVER_API_KEY_FILE + PREVIOUS_SUFFIX;

    /** The persistent queue's volume (spec.queue.persistence), writable by the runtime through the pod's fsGroup. */
    public static final String QUEUE_DIR = "/var/lib/otlp-exporter/queue";

    private MountPaths() {
    }
}
