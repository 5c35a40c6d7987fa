package dev.signet.jose.attacks;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Mints EC P-256 X.509 certificates with BouncyCastle for the x5c tests, valid around {@link TrustedIssuer#NOW}. */
final class Certificates {

    private static final AtomicLong SERIAL = new AtomicLong(1);
    private static final Instant NOT_BEFORE = TrustedIssuer.NOW.minus(Duration.ofDays(1));
    private static final Instant NOT_AFTER = TrustedIssuer.NOW.plus(Duration.ofDays(365));

    private Certificates() {}

    /** A certificate with its key pair. */
    record Issued(KeyPair keys, X509Certificate certificate) {}

    /** A self-signed CA certificate (basicConstraints CA, keyCertSign). */
    static Issued selfSignedCa(String dn) {
        KeyPair kp = p256();
        X500Name name = new X500Name(dn);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name, serial(), Date.from(NOT_BEFORE), Date.from(NOT_AFTER), name, kp.getPublic());
        extensions(b, true, KeyUsage.keyCertSign | KeyUsage.cRLSign);
        return new Issued(kp, sign(b, kp));
    }

    /** A signing leaf certificate for {@code dn} issued by {@code ca}. */
    static Issued leaf(String dn, Issued ca) {
        return leaf(dn, ca, KeyUsage.digitalSignature, NOT_BEFORE, NOT_AFTER);
    }

    /** A leaf certificate with the given key usage bits and validity. */
    static Issued leaf(String dn, Issued ca, int keyUsage, Instant notBefore, Instant notAfter) {
        KeyPair kp = p256();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                ca.certificate(),
                serial(),
                Date.from(notBefore),
                Date.from(notAfter),
                new X500Name(dn),
                kp.getPublic());
        extensions(b, false, keyUsage);
        return new Issued(kp, sign(b, ca.keys()));
    }

    /** The {@code x5c} header value: a JSON array of standard-Base64 DER (RFC 7515 §4.1.6). */
    static String x5c(X509Certificate... chain) {
        List<String> quoted = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                quoted.add("\"" + Base64.getEncoder().encodeToString(c.getEncoded()) + "\"");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return "[" + String.join(",", quoted) + "]";
    }

    private static void extensions(X509v3CertificateBuilder b, boolean ca, int keyUsage) {
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.getAndIncrement());
    }
}
