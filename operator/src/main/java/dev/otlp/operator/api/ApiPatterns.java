package dev.otlp.operator.api;

/**
 * The textual forms the resource accepts, shared by the schema annotations (the API server checks
 * them) and {@code SpecValidation} (the operator checks them again: not every API server does).
 */
public final class ApiPatterns {

    /** A whole number and a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    public static final String DURATION = "^[0-9]+(ms|s|m|h)$";

    /** An {@code http://} or {@code https://} URL with a host, or {@code debug}: print batches instead of sending them. */
    public static final String UPSTREAM_ENDPOINT = "^(debug|https?://[^\\s/?#]+(/[^\\s]*)?)$";

    /** An {@code http://} or {@code https://} URL with a host. */
    public static final String URL = "^https?://[^\\s/?#]+(/[^\\s]*)?$";

    /** Bounds past which an integer field is nonsense; every integer has one, so none overflows the model. */
    public static final int MAX_REPLICAS = 1000;
    public static final int MAX_BATCH_ITEMS = 1_000_000;
    public static final int MAX_CONNECTIONS = 1000;

    /**
     * CEL for an int-or-string byte size: a positive number of bytes, or text of at most {@link #MAX_SIZE_TEXT}
     * characters, a number and a binary unit: {@code 64Mi} (Kubernetes style) or {@code 64MiB}.
     */
    public static final String SIZE_RULE = "type(self) == int ? self >= 1 : self.size() <= " + ApiPatterns.MAX_SIZE_TEXT
            + " && self.matches('^0*[1-9][0-9]*(Ki|Mi|Gi|KiB|MiB|GiB)?$')";

    /** The longest size or percentage written as text: it bounds the cost of the CEL rule that matches it. */
    public static final int MAX_SIZE_TEXT = 32;

    /** The largest integer a JSON number holds exactly, which {@code metadata.generation} never reaches. */
    public static final long MAX_GENERATION = (1L << 53) - 1;

    /** The longest upstream endpoint (a URL), and duration: they bound the cost of the CEL rules that read them. */
    public static final int MAX_URL = 2048;
    /** Entries of spec.upstream.failover: a region or two, and a last resort. */
    public static final int MAX_FAILOVER_UPSTREAMS = 4;
    public static final int MAX_DURATION = 32;

    public static final String SIZE_MESSAGE = "must be a number of bytes or a size such as 64Mi";

    /** {@link #SIZE_MESSAGE} and the value refused. */
    public static final String SIZE_MESSAGE_EXPRESSION = "'" + SIZE_MESSAGE
            + ", got ' + (type(self) == int ? string(self) : '\"' + self + '\"')";

    /** A Kubernetes object name (DNS-1123 subdomain). */
    /** A container image reference: [registry[:port]/]path[:tag][@digest]. */
    public static final String IMAGE = "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
            + "(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$";
    public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /**
     * A CIDR: an IPv4 address with a prefix of 0-32, or an IPv6 address (hex digits, ':' and, for an
     * embedded IPv4 tail, '.') with a prefix of 0-128; SpecValidation checks the address exactly.
     */
    public static final String CIDR = "^(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
            + "/(3[0-2]|[12]?[0-9])|[0-9a-fA-F:][0-9a-fA-F:.]*:[0-9a-fA-F:.]*/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$";
    /** The longest CIDR: eight groups of four hex digits and a 3-digit prefix. */
    public static final int MAX_CIDR_LENGTH = 43;

    /** An OtlpExporter's name: it names the exporter's Service, so it is a DNS-1035 label. */
    public static final String EXPORTER_NAME = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

    public static final String EXPORTER_NAME_MESSAGE = "must be a DNS-1035 label: lower-case letters, digits and '-',"
            + " starting with a letter and ending with a letter or digit, because it names the exporter's Service";

    /** A Service name and a label value ({@code app.kubernetes.io/instance}) hold at most this many characters. */
    public static final int MAX_EXPORTER_NAME = 63;

    /**
     * A StatefulSet's pods carry the label {@code controller-revision-hash: <name>-<hash of up to 10 characters>},
     * which must stay a label value of at most 63 characters.
     */
    public static final int MAX_STATEFUL_SET_EXPORTER_NAME = 52;

    /** A Secret data key. */
    public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

    /** An HTTP header name (RFC 9110 token). */
    public static final String HEADER_NAME = "^[-!#$%&'*+.^_`|~0-9A-Za-z]+$";

    private ApiPatterns() {
    }
}
