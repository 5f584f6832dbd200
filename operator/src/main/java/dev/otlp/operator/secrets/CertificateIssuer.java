package dev.otlp.operator.secrets;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Issues EC P-256 certificates signed with SHA-256: a self-signed CA, and TLS server certificates signed by it. */
final class CertificateIssuer {

    /** Certificates start this long before "now", so pods whose clocks run a little behind accept them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final String ORGANIZATION = "otlp-fleet-operator";
    /** RFC 5280's upper bound; the DNS names in the SAN are what clients check. */
    private static final int MAX_COMMON_NAME = 64;

    private final SecureRandom random = new SecureRandom();

    KeyAndCertificate authority(String commonName, Instant now, Duration validity) {
        try {
            KeyPair keys = newKeyPair();
            X500Name subject = name(commonName);
            X509v3CertificateBuilder builder = builder(subject, subject, keys, now, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys, keys);
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the receiver CA certificate", e);
        }
    }

    KeyAndCertificate server(KeyAndCertificate authority, List<String> dnsNames, Instant now, Duration validity) {
        try {
            KeyPair keys = newKeyPair();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X500Name issuer = X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded());
            GeneralNames alternativeNames = new GeneralNames(dnsNames.stream()
                    .map(dnsName -> new GeneralName(GeneralName.dNSName, dnsName))
                    .toArray(GeneralName[]::new));
            X509v3CertificateBuilder builder = builder(issuer, name(dnsNames.get(0)), keys, now, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, alternativeNames)
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(authority.certificate().getPublicKey()));
            return sign(builder, keys, new KeyPair(authority.certificate().getPublicKey(), authority.key()));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue the receiver server certificate", e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Instant now, Duration validity) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keys.getPublic());
    }

    private static KeyAndCertificate sign(X509v3CertificateBuilder builder, KeyPair subject, KeyPair issuer)
            throws GeneralSecurityException, OperatorCreationException {
        return new KeyAndCertificate(subject.getPrivate(), new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuer.getPrivate()))));
    }

    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName.length() > MAX_COMMON_NAME ? commonName.substring(0, MAX_COMMON_NAME) : commonName)
                .build();
    }
}
