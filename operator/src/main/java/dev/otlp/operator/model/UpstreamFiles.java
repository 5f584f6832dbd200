package dev.otlp.operator.model;

/**
 * Where one upstream's Secrets are mounted and which spec field refers to them: {@code spec.upstream}'s at the
 * {@link MountPaths} constants, the i-th {@code spec.upstream.failover} entry's under {@code /etc/otlp/failover-<i+1>/},
 * each in volumes of their own.
 *
 * @param field        the spec field of the upstream, e.g. {@code spec.upstream.failover[0]}
 * @param volumePrefix what its volumes' names start with, so that two upstreams' volumes never share a name
 */
public record UpstreamFiles(String field, String volumePrefix, String caDir, String clientDir, String apiKeyDir,
                            String oauth2Dir) {

    public static final UpstreamFiles PRIMARY = new UpstreamFiles("spec.upstream", "", MountPaths.UPSTREAM_CA_DIR,
            MountPaths.UPSTREAM_CLIENT_DIR, MountPaths.UPSTREAM_API_KEY_DIR, MountPaths.OAUTH2_DIR);

    /** The files of the entry {@code spec.upstream.failover[index]}, which the runtime calls {@code failover-<index+1>}. */
    public static UpstreamFiles failover(int index) {
        String name = "failover-" + (index + 1);
        String dir = "/etc/otlp/" + name + "/";
        return new UpstreamFiles("spec.upstream.failover[" + index + "]", name + "-", dir + "upstream-ca/",
                dir + "upstream-client/", dir + "upstream-api-key/", dir + "oauth2/");
    }

    public String caFile() {
        return caDir + MountPaths.CA_CERT_KEY;
    }

    public String clientCertFile() {
        return clientDir + MountPaths.TLS_CERT_KEY;
    }

    public String clientKeyFile() {
        return clientDir + MountPaths.TLS_KEY_KEY;
    }

    public String apiKeyFile() {
        return apiKeyDir + MountPaths.API_KEY_ITEM;
    }

    public String oauth2ClientSecretFile() {
        return oauth2Dir + MountPaths.CLIENT_SECRET_ITEM;
    }
}
