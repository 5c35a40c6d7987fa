package dev.signet.jose.internal.jwe;

import dev.signet.jose.internal.Jca;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * ECDH-ES key agreement (RFC 7518 §4.6, RFC 8037 §3.2): the shared secret Z from the JCA's
 * {@code ECDH} or {@code XDH} key agreement, then the Concat KDF of NIST SP 800-56A §5.8.1 with
 * SHA-256 (RFC 7518 §4.6.2), which is a composition of SHA-256 digests.
 *
 * <p>The caller has checked that the peer's EC point is on the recipient's curve; for X25519 and
 * X448 an all-zero Z (a low-order peer point, RFC 7748 §6) is refused here.
 */
public final class EcdhKeyAgreement {

    private EcdhKeyAgreement() {}

    /**
     * Z for {@code privateKey} and {@code peer}; {@code xdh} selects X25519/X448.
     *
     * @throws InvalidKeyException when the agreement fails or Z is all zero
     */
    public static byte[] sharedSecret(PrivateKey privateKey, PublicKey peer, boolean xdh)
            throws GeneralSecurityException {
        byte[] z = Jca.agree(xdh ? "XDH" : "ECDH", privateKey, peer);
        int acc = 0;
        for (byte b : z) {
            acc |= b;
        }
        if (acc == 0) {
            throw new InvalidKeyException("the shared secret is zero: the peer's point has small order");
        }
        return z;
    }

    /**
     * Concat KDF (RFC 7518 §4.6.2): {@code keyBits} of output from Z, with AlgorithmID = the
     * {@code algorithmId} string, PartyUInfo = {@code apu}, PartyVInfo = {@code apv}, each
     * prefixed by its 32-bit big-endian length, SuppPubInfo = {@code keyBits}, SuppPrivInfo empty.
     */
    public static byte[] concatKdf(byte[] z, int keyBits, String algorithmId, byte[] apu, byte[] apv)
            throws GeneralSecurityException {
        byte[] alg = algorithmId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer otherInfo = ByteBuffer.allocate(4 + alg.length + 4 + apu.length + 4 + apv.length + 4);
        otherInfo
                .putInt(alg.length)
                .put(alg)
                .putInt(apu.length)
                .put(apu)
                .putInt(apv.length)
                .put(apv)
                .putInt(keyBits);
        MessageDigest sha256 = Jca.digest("SHA-256");
        int keyLength = keyBits / 8;
        byte[] out = new byte[((keyLength + 31) / 32) * 32];
        for (int round = 1, off = 0; off < keyLength; round++, off += 32) {
            sha256.update(ByteBuffer.allocate(4).putInt(round).array());
            sha256.update(z);
            sha256.update(otherInfo.array());
            System.arraycopy(sha256.digest(), 0, out, off, 32);
        }
        byte[] key = Arrays.copyOf(out, keyLength);
        Arrays.fill(out, (byte) 0);
        return key;
    }
}
