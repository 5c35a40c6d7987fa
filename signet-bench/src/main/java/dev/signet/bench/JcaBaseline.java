package dev.signet.bench;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cost floor: the bare JCA operation over the token's signing input, with engines created and
 * initialized once ({@code Mac.doFinal}, {@code Signature.sign} and {@code Signature.verify} leave
 * the engine initialized with the same key). No parsing, no Base64URL, no JSON, no claims; the
 * ECDSA signature is handed to the engine already DER-encoded.
 */
final class JcaBaseline {

    private final Mac mac;
    private final Signature verifier;
    private final Signature signer;

    JcaBaseline(JwsAlgorithm alg, Jwk key) throws GeneralSecurityException {
        if (alg == JwsAlgorithm.HS256) {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secretKey().getEncoded(), "HmacSHA256"));
            verifier = null;
            signer = null;
        } else {
            String name = engineName(alg);
            mac = null;
            verifier = Signature.getInstance(name);
            verifier.initVerify(key.publicKey());
            signer = Signature.getInstance(name);
            signer.initSign(key.privateKey());
        }
    }

    static String engineName(JwsAlgorithm alg) {
        return switch (alg) {
            case RS256 -> "SHA256withRSA";
            case ES256 -> "SHA256withECDSA";
            case EDDSA -> "Ed25519";
            default -> throw new IllegalArgumentException(alg.identifier());
        };
    }

    /** HMAC: recompute and compare in constant time; else {@code Signature.verify}. */
    boolean verify(byte[] signingInput, byte[] signature) throws GeneralSecurityException {
        if (mac != null) {
            return MessageDigest.isEqual(mac.doFinal(signingInput), signature);
        }
        verifier.update(signingInput);
        return verifier.verify(signature);
    }

    /** The MAC or signature (DER for ECDSA). */
    byte[] sign(byte[] signingInput) throws GeneralSecurityException {
        if (mac != null) {
            return mac.doFinal(signingInput);
        }
        signer.update(signingInput);
        return signer.sign();
    }

    /** Which providers serve the engines, for the set-up log. */
    String providers() {
        return mac != null
                ? "Mac " + mac.getAlgorithm() + " from " + mac.getProvider().getName()
                : "Signature " + verifier.getAlgorithm() + " from "
                        + verifier.getProvider().getName() + " (verify), "
                        + signer.getProvider().getName() + " (sign)";
    }

    /** DER {@code SEQUENCE { INTEGER r, INTEGER s }} from a JWS {@code R‖S} ECDSA signature. */
    static byte[] concatToDer(byte[] rs) {
        int n = rs.length / 2;
        byte[] r = derInteger(rs, 0, n);
        byte[] s = derInteger(rs, n, n);
        int body = r.length + s.length;
        if (body > 127) {
            throw new IllegalArgumentException("only short DER lengths are needed for P-256");
        }
        byte[] out = new byte[2 + body];
        out[0] = 0x30;
        out[1] = (byte) body;
        System.arraycopy(r, 0, out, 2, r.length);
        System.arraycopy(s, 0, out, 2 + r.length, s.length);
        return out;
    }

    private static byte[] derInteger(byte[] b, int off, int len) {
        int start = off;
        while (start < off + len - 1 && b[start] == 0) {
            start++;
        }
        int n = off + len - start;
        boolean pad = (b[start] & 0x80) != 0;
        byte[] out = new byte[2 + n + (pad ? 1 : 0)];
        out[0] = 0x02;
        out[1] = (byte) (n + (pad ? 1 : 0));
        System.arraycopy(b, start, out, 2 + (pad ? 1 : 0), n);
        return out;
    }
}
