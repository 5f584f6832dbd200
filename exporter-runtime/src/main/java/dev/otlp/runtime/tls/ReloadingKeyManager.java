package dev.otlp.runtime.tls;

import dev.otlp.runtime.reload.CredentialWatcher;
import dev.otlp.runtime.reload.Reloadable;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Presents the certificate and key that are in their PEM files now: each TLS handshake (server or
 * client side, JDK or OpenSSL engine) asks it, so a renewed certificate serves new connections
 * while established ones continue. Every load gets its own alias, so that a handshake that chose
 * an alias just before a reload still finds the key it chose, and no engine can cache a stale one
 * under a reused name.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {

    private static final AtomicLong LOADS = new AtomicLong();

    private final Reloadable<X509ExtendedKeyManager> keys;
    private volatile X509ExtendedKeyManager latest;
    private volatile X509ExtendedKeyManager before;

    private ReloadingKeyManager(Reloadable<X509ExtendedKeyManager> keys) {
        this.keys = keys;
        this.latest = keys.get();
    }

    /** Loads {@code certFile} and {@code keyFile} now and reloads them when either changes; {@code setting} names them. */
    public static ReloadingKeyManager watch(CredentialWatcher watcher, String setting, Path certFile, Path keyFile)
            throws IOException, GeneralSecurityException {
        return new ReloadingKeyManager(watcher.watch(setting, List.of(certFile, keyFile),
                () -> PemFiles.keyManager(certFile, keyFile, "otlp-" + LOADS.incrementAndGet())));
    }

    /** The current manager; remembers the one it replaces for handshakes in progress. */
    private X509ExtendedKeyManager chooser() {
        X509ExtendedKeyManager now = keys.get();
        if (now != latest) {
            synchronized (this) {
                if (now != latest) {
                    before = latest;
                    latest = now;
                }
            }
        }
        return now;
    }

    /** The manager that handed out {@code alias}. */
    private X509ExtendedKeyManager holder(String alias) {
        X509ExtendedKeyManager now = chooser();
        X509ExtendedKeyManager previous = before;
        return previous != null && now.getPrivateKey(alias) == null ? previous : now;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return chooser().getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return chooser().chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return chooser().chooseEngineClientAlias(keyType, issuers, engine);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return chooser().getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return chooser().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooser().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return holder(alias).getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return holder(alias).getPrivateKey(alias);
    }
}
