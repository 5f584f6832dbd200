package dev.otlp.runtime.export;

import dev.otlp.runtime.config.TlsConfig;
import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.tls.PemFiles;
import dev.otlp.runtime.tls.ReloadingKeyManager;
import dev.otlp.runtime.tls.ReloadingTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a TLS client needs from {@code [tls]}: whom to trust (the CA file, else the JDK's trust
 * store; nobody checked when {@code verify_cert = false}), the client certificate for mutual TLS,
 * and the protocol versions. {@code verify_hostname = false} keeps the chain check but skips the
 * name check. The CA file and the client certificate are reloaded when they change: new
 * connections use what the files hold now.
 */
final class TlsMaterial {

    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);
    private static final AtomicBoolean WARNED_INSECURE = new AtomicBoolean();

    private final X509ExtendedTrustManager trustManager;
    private final KeyManager keyManager;
    private final List<String> protocols;
    private final List<String> cipherSuites;

    private TlsMaterial(X509ExtendedTrustManager trustManager, KeyManager keyManager,
                        List<String> protocols, List<String> cipherSuites) {
        this.trustManager = trustManager;
        this.keyManager = keyManager;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
    }

    static TlsMaterial from(TlsConfig tls, CredentialWatcher watcher) {
        try {
            return new TlsMaterial(trustManager(tls, watcher), keyManager(tls, watcher), protocols(tls.minTlsVersion()),
                    tls.cipherSuites());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid [tls] material: " + e.getMessage(), e);
        }
    }

    X509ExtendedTrustManager trustManager() {
        return trustManager;
    }

    /** The key manager presenting the client certificate, or null without one. */
    KeyManager keyManager() {
        return keyManager;
    }

    List<String> protocols() {
        return protocols;
    }

    /** Cipher suites to allow; empty for the JDK's defaults. */
    List<String> cipherSuites() {
        return cipherSuites;
    }

    SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManager == null ? null : new KeyManager[]{keyManager}, new TrustManager[]{trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create an SSLContext: " + e.getMessage(), e);
        }
    }

    SSLParameters sslParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        return parameters;
    }

    private static List<String> protocols(String minVersion) {
        String version = minVersion == null ? "1.2" : minVersion.replaceFirst("(?i)^tlsv?", "");
        return switch (version) {
            case "1.3" -> List.of("TLSv1.3");
            case "1.2" -> List.of("TLSv1.3", "TLSv1.2");
            default -> throw new IllegalArgumentException("tls.min_tls_version must be 1.2 or 1.3, not " + minVersion);
        };
    }

    private static KeyManager keyManager(TlsConfig tls, CredentialWatcher watcher) throws IOException, GeneralSecurityException {
        if (!tls.hasClientCertificate()) {
            return null;
        }
        return ReloadingKeyManager.watch(watcher, "tls.cert_file", Path.of(tls.certFile()), Path.of(tls.keyFile()));
    }

    private static X509ExtendedTrustManager trustManager(TlsConfig tls, CredentialWatcher watcher)
            throws IOException, GeneralSecurityException {
        if (!tls.verifyCert()) {
            if (WARNED_INSECURE.compareAndSet(false, true)) {
                LOG.warn("tls.verify_cert = false: the upstream's certificate is not checked; anyone on the path can read and alter exports");
            }
            return new IgnoringHostname(TRUSTING_ANYONE);
        }
        X509ExtendedTrustManager chainCheck;
        if (tls.caFile() == null) {
            chainCheck = chainCheck(null);
        } else {
            Path caFile = Path.of(tls.caFile());
            chainCheck = new ReloadingTrustManager(watcher.watch("tls.ca_file", List.of(caFile), () -> chainCheck(caFile)));
        }
        return tls.verifyHostname() ? chainCheck : new IgnoringHostname(chainCheck);
    }

    /** Trusts the CAs in {@code caFile}, or the JDK's when null. */
    private static X509ExtendedTrustManager chainCheck(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = null;
        if (caFile != null) {
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : PemFiles.certificates(caFile)) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        X509ExtendedTrustManager chainCheck = null;
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                chainCheck = extended;
            }
        }
        if (chainCheck == null) {
            throw new GeneralSecurityException("no X.509 trust manager available");
        }
        return chainCheck;
    }

    /** Checks the chain but not that it names the host: the engine-less checks skip the identity check. */
    private static final class IgnoringHostname extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;

        IgnoringHostname(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /** For {@code verify_cert = false}: accepts any chain. */
    private static final X509TrustManager TRUSTING_ANYONE = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
