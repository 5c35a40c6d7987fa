package dev.signet.jose.internal.keys;

import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.UntrustedText;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** PEM (RFC 7468) keys and certificates to and from JCA keys: SPKI, PKCS#8 and X.509. */
public final class Pem {

    private Pem() {}

    /**
     * Reads a PEM public key ({@code PUBLIC KEY}, SPKI), private key ({@code PRIVATE KEY}, PKCS#8)
     * or certificate. The result's private key is null for a public key or a certificate; for a
     * private key the public half comes from the encoding (RSA, EC) or is derived (OKP).
     */
    public static KeyPair readKey(String pem) throws JoseException {
        String type = pemType(pem);
        byte[] der = pemBody(pem, type);
        try {
            switch (type) {
                case "PUBLIC KEY" -> {
                    return new KeyPair(
                            Keys.publicFromSpki(jcaAlgorithm(Keys.algorithmOf(der, false)), der, "PEM"), null);
                }
                case "CERTIFICATE" -> {
                    X509Certificate cert = (X509Certificate)
                            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
                    return new KeyPair(cert.getPublicKey(), null);
                }
                case "PRIVATE KEY" -> {
                    return fromPkcs8(der);
                }
                default ->
                    throw new JoseException(
                            Reason.UNSUPPORTED,
                            "PEM type \"" + UntrustedText.printable(type) + "\" is not supported;"
                                    + " use PUBLIC KEY, PRIVATE KEY (PKCS#8) or CERTIFICATE");
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new JoseException(Reason.MALFORMED, "unreadable " + type + " PEM");
        }
    }

    private static KeyPair fromPkcs8(byte[] der) throws JoseException {
        String[] alg = Keys.algorithmOf(der, true);
        String jca = jcaAlgorithm(alg);
        PrivateKey priv = Keys.privateFromPkcs8(jca, der.clone(), "PEM");
        try {
            if (priv instanceof RSAPrivateCrtKey crt) {

                PublicKey pub = KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
                return new KeyPair(pub, priv);
            }
            if (priv instanceof ECPrivateKey eCPrivateKey) {
                byte[] point = ecPublicPointFromPkcs8(der);
                Curve c = Curve.fromEcParameters(eCPrivateKey.getParams());
                if (point == null || c == null || point[0] != 4 || point.length != 1 + 2 * c.coordinateLength()) {
                    throw new JoseException(Reason.UNSUPPORTED, "EC private key PEM without its public point");
                }
                int len = c.coordinateLength();
                PublicKey pub = Keys.ecPublic(
                        c,
                        new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + len)),
                        new BigInteger(1, Arrays.copyOfRange(point, 1 + len, 1 + 2 * len)));
                return new KeyPair(pub, priv);
            }
            Curve okp = Keys.okpCurve(alg[0]);
            if (okp != null) {
                return okpPairFromPrivate(okp, der);
            }
        } catch (GeneralSecurityException e) {
            throw new JoseException(Reason.KEY_REJECTED, "invalid private key");
        }
        throw new JoseException(Reason.UNSUPPORTED, "private key PEM of algorithm " + alg[0] + " is not supported");
    }

    /** The OKP key pair for a PKCS#8 private key: the public half is derived from the private seed. */
    private static KeyPair okpPairFromPrivate(Curve c, byte[] der) throws JoseException {
        byte[] d = Keys.okpRawPrivate(der);
        try {
            return okpPairFromSeed(c, d);
        } finally {
            Arrays.fill(d, (byte) 0);
        }
    }

    /**
     * RFC 8032 / RFC 7748 private keys are the generator's random bytes, so the provider's
     * generator, given {@code d} as its randomness, yields the matching public key.
     */
    private static KeyPair okpPairFromSeed(Curve c, byte[] d) throws JoseException {
        if (d.length != c.coordinateLength()) {
            throw new JoseException(
                    Reason.KEY_REJECTED,
                    c.identifier() + " private key must be " + c.coordinateLength() + " bytes, found " + d.length);
        }
        try {
            KeyPair kp = SeededKeyGen.fromSeed(c.jcaName(), d);
            if (!Arrays.equals(Keys.okpRawPrivate(kp.getPrivate().getEncoded()), d)) {
                throw new GeneralSecurityException("derived key differs");
            }
            return kp;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new JoseException(
                    Reason.UNSUPPORTED, "cannot derive the " + c.identifier() + " public key: " + e.getMessage());
        }
    }

    private static byte[] ecPublicPointFromPkcs8(byte[] der) {
        // PrivateKeyInfo.privateKey holds RFC 5915 ECPrivateKey { version, privateKey, [0] params, [1] publicKey }.
        Der.Reader seq = new Der.Reader(der).sequence();
        seq.integerBytes();
        seq.sequence();
        Der.Reader ecpk = new Der.Reader(seq.read(Der.OCTET_STRING)).sequence();
        ecpk.integerBytes();
        ecpk.read(Der.OCTET_STRING);
        while (ecpk.hasMore()) {
            int tag = ecpk.peekTag();
            if (tag == 0xa1) {
                return ecpk.constructed(0xa1).bitString();
            }
            ecpk.skip();
        }
        return null;
    }

    private static String jcaAlgorithm(String[] alg) throws JoseException {
        String oid = alg[0];
        if (Keys.OID_RSA.equals(oid)) {
            return "RSA";
        }
        if (Keys.OID_EC.equals(oid)) {
            return "EC";
        }
        Curve okp = Keys.okpCurve(oid);
        if (okp != null) {
            return okp.jcaName();
        }
        JwsAlgorithm mlDsa = Keys.mlDsaAlgorithm(oid);
        if (mlDsa != null) {
            return mlDsa.jcaName();
        }
        throw new JoseException(Reason.UNSUPPORTED, "key algorithm " + oid + " is not supported");
    }

    private static String pemType(String pem) throws JoseException {
        int b = pem.indexOf("-----BEGIN ");
        int e = b < 0 ? -1 : pem.indexOf("-----", b + 11);
        if (b < 0 || e < 0) {
            throw new JoseException(Reason.MALFORMED, "not PEM: no -----BEGIN line");
        }
        return pem.substring(b + 11, e);
    }

    private static byte[] pemBody(String pem, String type) throws JoseException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end, b);
        if (e < 0) {
            throw new JoseException(Reason.MALFORMED, "PEM has no matching -----END " + type + "----- line");
        }
        try {
            return Base64.getMimeDecoder()
                    .decode(pem.substring(b + begin.length(), e).trim());
        } catch (IllegalArgumentException ex) {
            throw new JoseException(Reason.MALFORMED, "PEM body is not Base64");
        }
    }

    /** PEM text of one DER object. */
    public static String write(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /**
     * PKCS#8 holding an RFC 5915 ECPrivateKey with its {@code [1] publicKey}, as OpenSSL writes
     * it: the JCA cannot derive an EC public point, so a PEM without it could not be read back.
     */
    public static byte[] ecPkcs8(Curve curve, byte[] d, byte[] x, byte[] y) {
        byte[] bits = new byte[2 + x.length + y.length];
        bits[1] = 4;
        System.arraycopy(x, 0, bits, 2, x.length);
        System.arraycopy(y, 0, bits, 2 + x.length, y.length);
        byte[] ecPrivateKey = Der.element(
                Der.SEQUENCE,
                Der.element(Der.INTEGER, new byte[] {1}),
                Der.element(Der.OCTET_STRING, d),
                Der.element(0xa1, Der.element(Der.BIT_STRING, bits)));
        return Der.element(
                Der.SEQUENCE,
                Der.element(Der.INTEGER, new byte[] {0}),
                Der.element(Der.SEQUENCE, Der.oid(Keys.OID_EC), Der.oid(Keys.ecCurveOid(curve))),
                Der.element(Der.OCTET_STRING, ecPrivateKey));
    }
}
