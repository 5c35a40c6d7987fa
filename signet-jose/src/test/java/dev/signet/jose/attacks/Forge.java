package dev.signet.jose.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Signature;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.function.Executable;

/**
 * Builds tokens the library's signer refuses to make — any header text, any payload text, any
 * signature — straight on the JCA, and checks how they are refused.
 */
final class Forge {

    private Forge() {}

    /** JSON written with single quotes for readability: {@code json("{'alg':'HS256'}")}. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static String b64(String utf8) {
        return Base64Url.encode(utf8.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64Url.encode(bytes);
    }

    /** {@code BASE64URL(header) . BASE64URL(payload)} of exactly these texts. */
    static String signingInput(String headerJson, String payloadJson) {
        return b64(headerJson) + "." + b64(payloadJson);
    }

    /** A token over exactly these texts with an arbitrary signature. */
    static String token(String headerJson, String payloadJson, byte[] signature) {
        return signingInput(headerJson, payloadJson) + "." + b64(signature);
    }

    /** A correctly HMAC'd token over exactly these texts, with {@code secret} as the raw HMAC key. */
    static String hmac(JwsAlgorithm alg, byte[] secret, String headerJson, String payloadJson) {
        return signed(signingInput(headerJson, payloadJson), alg, new SecretKeySpec(secret, alg.jcaName()));
    }

    /** {@code signingInput . BASE64URL(signature)}, the signature made on the JCA directly. */
    static String signed(String signingInput, JwsAlgorithm alg, Key key) {
        return signingInput + "." + b64(signature(signingInput, alg, key));
    }

    /** A JWS signature over the ASCII signing input: HMAC, RSASSA-PKCS1-v1_5, ECDSA (R‖S) or EdDSA. */
    static byte[] signature(String signingInput, JwsAlgorithm alg, Key key) {
        byte[] data = signingInput.getBytes(StandardCharsets.US_ASCII);
        try {
            switch (alg.keyType()) {
                case OCT -> {
                    Mac mac = Mac.getInstance(alg.jcaName());
                    mac.init(key);
                    return mac.doFinal(data);
                }
                case RSA, EC, OKP -> {
                    String name = alg.keyType() == KeyType.EC
                            ? alg.jcaName() + "inP1363Format"
                            : alg.keyType() == KeyType.OKP ? key.getAlgorithm() : alg.jcaName();
                    if (alg.identifier().startsWith("PS")) {
                        throw new IllegalArgumentException("PSS is not needed by the attack tests");
                    }
                    Signature s = Signature.getInstance(name);
                    s.initSign((PrivateKey) key);
                    s.update(data);
                    return s.sign();
                }
                default -> throw new IllegalArgumentException("no forging support for " + alg);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code index}-th dot-separated part of a compact token. */
    static String part(String token, int index) {
        return token.split("\\.", -1)[index];
    }

    /** The token with part {@code index} replaced by {@code text}. */
    static String withPart(String token, int index, String text) {
        String[] parts = token.split("\\.", -1);
        parts[index] = text;
        return String.join(".", parts);
    }

    /** The token's signature bytes. */
    static byte[] signatureOf(String token) throws JoseException {
        return Base64Url.decode(part(token, 2));
    }

    /**
     * The rejection thrown by {@code call}. Fails the test when it returns normally or throws
     * anything but a {@link JoseException}, and when the message holds a control character.
     */
    static JoseException rejection(Executable call) {
        JoseException e = assertThrows(JoseException.class, call);
        assertThat(e.getMessage()).as("rejection messages are printable").doesNotContainPattern("[\\x00-\\x1f\\x7f]");
        return e;
    }

    /** Asserts that {@code call} is rejected with {@code reason}; returns the rejection. */
    static JoseException rejects(JoseException.Reason reason, Executable call) {
        JoseException e = rejection(call);
        assertThat(e.reason()).as("reason of: %s", e.getMessage()).isEqualTo(reason);
        return e;
    }
}
