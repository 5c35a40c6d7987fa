package dev.signet.jose.internal.keys;

import dev.signet.jose.Curve;
import java.security.PrivateKey;
import java.security.PublicKey;
import javax.crypto.SecretKey;

/**
 * The JCA keys one JWK's members make: a public key with an optional private key, or a secret;
 * with the curve (EC, OKP) and the size in bits the key is judged by.
 */
public record KeyMaterial(Curve curve, PublicKey publicKey, PrivateKey privateKey, SecretKey secretKey, int sizeBits) {

    /** Never the keys: some providers print a private key's numbers in its {@code toString}. */
    @Override
    public String toString() {
        return "KeyMaterial{" + sizeBits + " bits" + (privateKey != null || secretKey != null ? ", private}" : "}");
    }
}
