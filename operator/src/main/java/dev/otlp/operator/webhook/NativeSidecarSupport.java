package dev.otlp.operator.webhook;

import dev.otlp.operator.render.Sidecars.Kind;
import io.fabric8.kubernetes.client.VersionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the API server runs native sidecars (init containers with {@code restartPolicy: Always},
 * on by default from Kubernetes 1.29), from its {@code /version}, read at the first injection and
 * kept. When the version cannot be known the runtime joins as a regular container: a native
 * sidecar sent to a server without the feature loses its {@code restartPolicy} (a field that server
 * does not know) and becomes an init container that never ends, so the pod would never start; a
 * regular container starts on every version, and only a Job's pod then waits for it.
 */
final class NativeSidecarSupport {

    private static final int FIRST_MINOR = 29;
    private static final Logger LOG = LoggerFactory.getLogger(NativeSidecarSupport.class);
    /** Leading digits, as in {@code 29+} (GKE, EKS) or {@code 29}. */
    private static final Pattern NUMBER = Pattern.compile("^(\\d{1,4})");
    private static final Pattern GIT_VERSION = Pattern.compile("^v?(\\d{1,4})\\.(\\d{1,4})");

    private final Supplier<VersionInfo> version;
    private volatile Kind kind;

    /** @param version reads the API server's {@code /version}; may throw when the server cannot be reached */
    NativeSidecarSupport(Supplier<VersionInfo> version) {
        this.version = version;
    }

    /** How the runtime joins pods on this API server. */
    Kind kind() {
        Kind known = kind;
        if (known != null) {
            return known;
        }
        VersionInfo read;
        try {
            read = version.get();
        } catch (RuntimeException e) {
            // Not kept: the next pod asks again, as the server is likely back by then.
            LOG.warn("Cannot read the API server's version ({}); injecting this pod's sidecar as a regular container",
                    e.getMessage());
            return Kind.CONTAINER;
        }
        known = kindOf(read);
        kind = known;
        LOG.info("The API server is version {}: sidecars are injected as {}", describe(read),
                known == Kind.NATIVE ? "native sidecars (init containers with restartPolicy Always)" : "regular containers");
        return known;
    }

    static Kind kindOf(VersionInfo version) {
        return majorMinor(version)
                .map(v -> v[0] > 1 || v[0] == 1 && v[1] >= FIRST_MINOR ? Kind.NATIVE : Kind.CONTAINER)
                .orElse(Kind.CONTAINER);
    }

    private static Optional<int[]> majorMinor(VersionInfo version) {
        if (version == null) {
            return Optional.empty();
        }
        Matcher major = NUMBER.matcher(String.valueOf(version.getMajor()));
        Matcher minor = NUMBER.matcher(String.valueOf(version.getMinor()));
        if (major.find() && minor.find()) {
            return Optional.of(new int[] {Integer.parseInt(major.group(1)), Integer.parseInt(minor.group(1))});
        }
        Matcher git = GIT_VERSION.matcher(String.valueOf(version.getGitVersion()));
        return git.find() ? Optional.of(new int[] {Integer.parseInt(git.group(1)), Integer.parseInt(git.group(2))})
                : Optional.empty();
    }

    private static String describe(VersionInfo version) {
        return version == null ? "unknown" : version.getMajor() + "." + version.getMinor() + " (" + version.getGitVersion() + ")";
    }
}
