package dev.signet.jose.internal.jws;

import dev.signet.jose.Curve;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.internal.Jca;
import dev.signet.jose.internal.keys.Der;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.ECPublicKeySpec;

/**
 * ES256/384/512 and ES256K (RFC 7518 §3.4, RFC 8812 §3.2).
 *
 * <p>JWS carries the signature as fixed-width {@code R‖S}. Before the JCA sees it, both halves
 * are checked to lie in {@code [1, n-1]}: a runtime with the "psychic signatures" bug
 * (CVE-2022-21449) would otherwise accept {@code r = s = 0}. The pair is then DER-encoded for the
 * standard {@code SHAxxxwithECDSA} engines, which every provider offers.
 */
public final class Ecdsa implements SignatureFamily {

    public static final Ecdsa INSTANCE = new Ecdsa();

    private Ecdsa() {}

    @Override
    public boolean isAvailable(JwsAlgorithm alg) {
        // Probe with the generator as public key: a provider without the curve fails to init.
        try {
            Curve c = alg.curve();
            PublicKey g = KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(c.ecParameters().getGenerator(), c.ecParameters()));
            Signature s = Signature.getInstance(alg.jcaName());
            s.initVerify(g);
            s.update(new byte[1]);
            s.verify(toDer(new byte[] {1}, new byte[] {1}));
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public byte[] sign(JwsAlgorithm alg, Key key, byte[] data, int off, int len, Provider provider)
            throws GeneralSecurityException {
        Signature s = Jca.signature(alg.jcaName(), provider);
        s.initSign((PrivateKey) key);
        s.update(data, off, len);
        return derToConcat(s.sign(), alg.curve().coordinateLength());
    }

    @Override
    public boolean verify(JwsAlgorithm alg, Key key, byte[] data, int off, int len, byte[] signature, Provider provider)
            throws GeneralSecurityException {
        int n = alg.curve().coordinateLength();
        if (signature.length != 2 * n) {
            return false;
        }
        BigInteger order = alg.curve().ecParameters().getOrder();
        byte[] r = java.util.Arrays.copyOfRange(signature, 0, n);
        byte[] s = java.util.Arrays.copyOfRange(signature, n, 2 * n);
        if (!inRange(r, order) || !inRange(s, order)) {
            return false;
        }
        try {
            return Jca.verify(alg.jcaName(), (PublicKey) key, provider, data, off, len, toDer(r, s));
        } catch (SignatureException malformed) {
            return false;
        }
    }

    /** Whether the unsigned big-endian integer lies in [1, order-1]. */
    static boolean inRange(byte[] unsigned, BigInteger order) {
        BigInteger v = new BigInteger(1, unsigned);
        return v.signum() > 0 && v.compareTo(order) < 0;
    }

    /** DER {@code SEQUENCE { INTEGER r, INTEGER s }} from unsigned big-endian halves. */
    static byte[] toDer(byte[] r, byte[] s) {
        byte[] ri = derInteger(r);
        byte[] si = derInteger(s);
        int body = ri.length + si.length;
        byte[] lenBytes = derLength(body);
        byte[] out = new byte[1 + lenBytes.length + body];
        out[0] = 0x30;
        System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
        System.arraycopy(ri, 0, out, 1 + lenBytes.length, ri.length);
        System.arraycopy(si, 0, out, 1 + lenBytes.length + ri.length, si.length);
        return out;
    }

    private static byte[] derInteger(byte[] unsigned) {
        int start = 0;
        while (start < unsigned.length - 1 && unsigned[start] == 0) {
            start++;
        }
        boolean pad = (unsigned[start] & 0x80) != 0;
        int len = unsigned.length - start + (pad ? 1 : 0);
        byte[] lenBytes = derLength(len);
        byte[] out = new byte[1 + lenBytes.length + len];
        out[0] = 0x02;
        System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
        System.arraycopy(unsigned, start, out, 1 + lenBytes.length + (pad ? 1 : 0), unsigned.length - start);
        return out;
    }

    private static byte[] derLength(int len) {
        if (len < 0x80) {
            return new byte[] {(byte) len};
        }
        if (len < 0x100) {
            return new byte[] {(byte) 0x81, (byte) len};
        }
        return new byte[] {(byte) 0x82, (byte) (len >>> 8), (byte) len};
    }

    /** Fixed-width {@code R‖S} from the DER signature a JCA engine produced. */
    static byte[] derToConcat(byte[] der, int n) throws SignatureException {
        try {
            Der.Reader seq = new Der.Reader(der).sequence();
            byte[] r = seq.integerBytes();
            byte[] s = seq.integerBytes();
            byte[] out = new byte[2 * n];
            place(r, out, 0, n);
            place(s, out, n, n);
            return out;
        } catch (IllegalArgumentException e) {
            throw new SignatureException("the provider produced a malformed ECDSA signature", e);
        }
    }

    private static void place(byte[] unsigned, byte[] out, int at, int n) {
        int start = 0;
        while (start < unsigned.length && unsigned[start] == 0) {
            start++;
        }
        int len = unsigned.length - start;
        if (len > n) {
            throw new IllegalArgumentException("integer longer than the curve order");
        }
        System.arraycopy(unsigned, start, out, at + n - len, len);
    }
}
