package dev.otlp.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * TLS towards the upstream.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class UpstreamTlsSpec {

    @JsonPropertyDescription("Secret key holding the PEM bundle of CAs that sign the upstream's certificate. Default: the JDK's trusted CAs.")
    private SecretKeyRef caSecretRef;

    @JsonPropertyDescription("A kubernetes.io/tls Secret (keys tls.crt and tls.key) whose certificate the exporter presents to the upstream: mutual TLS.")
    private SecretRef clientCertSecretRef;

    @JsonPropertyDescription("Lowest TLS version accepted: \"1.2\" or \"1.3\". Default \"1.2\".")
    private TlsVersion minVersion;

    @JsonPropertyDescription("Accept any upstream certificate and host name. For tests only: it makes TLS open to interception. Default false.")
    private Boolean insecureSkipVerify;

    public SecretKeyRef getCaSecretRef() {
        return caSecretRef;
    }

    public void setCaSecretRef(SecretKeyRef caSecretRef) {
        this.caSecretRef = caSecretRef;
    }

    public SecretRef getClientCertSecretRef() {
        return clientCertSecretRef;
    }

    public void setClientCertSecretRef(SecretRef clientCertSecretRef) {
        this.clientCertSecretRef = clientCertSecretRef;
    }

    public TlsVersion getMinVersion() {
        return minVersion;
    }

    public void setMinVersion(TlsVersion minVersion) {
        this.minVersion = minVersion;
    }

    public Boolean getInsecureSkipVerify() {
        return insecureSkipVerify;
    }

    public void setInsecureSkipVerify(Boolean insecureSkipVerify) {
        this.insecureSkipVerify = insecureSkipVerify;
    }
}
