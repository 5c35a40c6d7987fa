package dev.signet.jose.attacks;

import static dev.signet.jose.attacks.TrustedIssuer.sha256;
import static dev.signet.jose.attacks.TrustedIssuer.unchecked;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.Curve;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.Jwk;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The legitimate side of every JWE attack: an API that receives encrypted tokens, with its
 * decryption keys (P-256 and X25519 for ECDH-ES, RSA 2048 for RSA-OAEP, a 256-bit {@code dir}
 * secret, a 128-bit key-wrapping secret, a PBES2 password) and the encrypters its senders use.
 */
final class TrustedRecipient {

    static final Jwk EC =
            unchecked(() -> Jwk.generate(Curve.P_256).withKeyId("ec-enc-1").withUse("enc"));
    static final Jwk X25519 =
            unchecked(() -> Jwk.generate(Curve.X25519).withKeyId("x25519-enc-1").withUse("enc"));
    static final Jwk RSA = unchecked(() -> rsa2048().withKeyId("rsa-enc-1").withUse("enc"));
    /** 32 fixed bytes: the {@code dir} key for A256GCM and A128CBC-HS256. */
    static final byte[] DIR_SECRET = sha256("signet attack tests: the recipient's dir secret");

    static final Jwk DIR = unchecked(() -> Jwk.fromSecret(DIR_SECRET).withKeyId("dir-1"));
    static final Jwk KW =
            unchecked(() -> Jwk.fromSecret(Arrays.copyOf(sha256("kw"), 16)).withKeyId("kw-1"));
    static final Jwk PASSWORD =
            unchecked(() -> Jwk.fromSecret("Thus spoke the recipient".getBytes(StandardCharsets.UTF_8))
                    .withKeyId("pbes2-1"));
    static final byte[] PLAINTEXT = "{\"secret\":\"the recipient's data\"}".getBytes(StandardCharsets.UTF_8);

    private TrustedRecipient() {}

    private static Jwk rsa2048() throws dev.signet.jose.JoseException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return Jwk.fromKeyPair(g.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A decrypter over {@code keys} allowing exactly {@code alg} and {@code enc}. */
    static JweDecrypter.Builder decrypter(JweAlgorithm alg, ContentEncryption enc, Jwk... keys) {
        return JweDecrypter.builder(DecryptionKeySource.of(keys))
                .algorithms(alg)
                .encryptions(enc);
    }

    /** A sender's encrypter to {@code key} (its public view when asymmetric). */
    static JweEncrypter.Builder encrypter(Jwk key, JweAlgorithm alg, ContentEncryption enc) {
        Jwk recipient = key.publicKey() == null ? key : key.toPublicJwk();
        return JweEncrypter.builder(recipient).algorithm(alg).encryption(enc);
    }

    /** A correctly encrypted token to {@code key}. */
    static String encrypt(Jwk key, JweAlgorithm alg, ContentEncryption enc) {
        return unchecked(() -> encrypter(key, alg, enc)
                .pbes2Iterations(JweEncrypter.MIN_PBES2_ITERATIONS)
                .build()
                .encrypt(PLAINTEXT));
    }
}
