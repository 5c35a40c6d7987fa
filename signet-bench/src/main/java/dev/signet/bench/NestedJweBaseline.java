package dev.signet.bench;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cost floor of a nested JWT: the JCA operations on bytes decoded ahead of time, with engines
 * created (and, where the engine allows, initialized) once. RSA-OAEP-256: {@code Cipher} OAEP
 * decrypt of the encrypted key. ECDH-ES+A256KW: {@code KeyFactory} makes the {@code epk}'s public
 * key from its decoded coordinates, then {@code KeyAgreement}, the Concat KDF (one SHA-256) and
 * {@code AESWrap} unwrap. Then AES-256-GCM decrypt of the content with the header as AAD, and
 * {@code SHA256withECDSA} verify of the inner token's signing input and DER signature. No
 * Base64URL, no JSON, no claims, no header checks.
 */
final class NestedJweBaseline {

    private final boolean rsa;
    private final Cipher oaep;
    private final KeyAgreement ecdh;
    private final KeyFactory ecKeys;
    private final ECPublicKeySpec epk;
    private final MessageDigest sha256;
    private final byte[] kdfOtherInfo;
    private final Cipher unwrap;
    private final Cipher gcm;
    private final Signature verifier;

    private final byte[] aad;
    private final byte[] encryptedKey;
    private final byte[] iv;
    private final byte[] ciphertextAndTag;
    private final byte[] signingInput;
    private final byte[] derSignature;

    NestedJweBaseline(String alg, Jwk recipient, Jwk epk, Jwk signer, String jwe, String innerJws)
            throws GeneralSecurityException, JoseException {
        String[] p = jwe.split("\\.", -1);
        aad = p[0].getBytes(StandardCharsets.US_ASCII);
        encryptedKey = Base64Url.decode(p[1]);
        iv = Base64Url.decode(p[2]);
        byte[] ct = Base64Url.decode(p[3]);
        byte[] tag = Base64Url.decode(p[4]);
        ciphertextAndTag = Arrays.copyOf(ct, ct.length + tag.length);
        System.arraycopy(tag, 0, ciphertextAndTag, ct.length, tag.length);
        int d2 = innerJws.lastIndexOf('.');
        signingInput = innerJws.substring(0, d2).getBytes(StandardCharsets.US_ASCII);
        derSignature = JcaBaseline.concatToDer(Base64Url.decode(innerJws.substring(d2 + 1)));

        rsa = NestedJweSuite.RSA_OAEP_256.equals(alg);
        if (rsa) {
            oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(
                    Cipher.DECRYPT_MODE,
                    recipient.privateKey(),
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            ecdh = null;
            ecKeys = null;
            this.epk = null;
            sha256 = null;
            kdfOtherInfo = null;
            unwrap = null;
        } else {
            oaep = null;
            ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(recipient.privateKey());
            ecKeys = KeyFactory.getInstance("EC");
            // The coordinates as the JCA takes them; each token has a new epk, so the key object is made per token.
            ECPublicKey point = (ECPublicKey) epk.publicKey();
            this.epk = new ECPublicKeySpec(point.getW(), point.getParams());
            sha256 = MessageDigest.getInstance("SHA-256");
            byte[] id = alg.getBytes(StandardCharsets.US_ASCII);
            // RFC 7518 §4.6.2: AlgorithmID, PartyUInfo, PartyVInfo (empty), SuppPubInfo (256 bits).
            kdfOtherInfo = ByteBuffer.allocate(4 + id.length + 12)
                    .putInt(id.length)
                    .put(id)
                    .putInt(0)
                    .putInt(0)
                    .putInt(256)
                    .array();
            unwrap = Cipher.getInstance("AESWrap");
        }
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(signer.publicKey());
    }

    /** Recovers the CEK, decrypts the content, verifies the inner signature; false if it does not verify. */
    boolean decryptAndVerify() throws GeneralSecurityException {
        byte[] cek;
        if (rsa) {
            cek = oaep.doFinal(encryptedKey);
        } else {
            ecdh.doPhase(ecKeys.generatePublic(epk), true);
            byte[] z = ecdh.generateSecret();
            sha256.update(new byte[] {0, 0, 0, 1});
            sha256.update(z);
            sha256.update(kdfOtherInfo);
            unwrap.init(Cipher.UNWRAP_MODE, new SecretKeySpec(sha256.digest(), "AES"));
            Key k = unwrap.unwrap(encryptedKey, "AES", Cipher.SECRET_KEY);
            cek = k.getEncoded();
        }
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(aad);
        gcm.doFinal(ciphertextAndTag);
        verifier.update(signingInput);
        return verifier.verify(derSignature);
    }

    /** Which providers serve the engines, for the set-up log. */
    String providers() {
        return (rsa
                        ? "Cipher OAEP " + oaep.getProvider().getName()
                        : "KeyAgreement " + ecdh.getProvider().getName() + ", AESWrap "
                                + unwrap.getProvider().getName())
                + ", GCM " + gcm.getProvider().getName() + ", ECDSA "
                + verifier.getProvider().getName();
    }
}
