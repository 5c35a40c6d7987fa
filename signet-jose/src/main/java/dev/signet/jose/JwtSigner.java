package dev.signet.jose;

import dev.signet.jose.internal.json.Json;
import java.util.Objects;

/**
 * Signs JWT claims as a compact JWS with {@code typ} (default {@code JWT}; {@code at+jwt} for
 * RFC 9068 access tokens) and the key's {@code kid}. Built once, thread-safe.
 *
 * <pre>{@code
 * JwtSigner signer = JwtSigner.builder(privateJwk).type("at+jwt").build();
 * String token = signer.sign(claims);
 * }</pre>
 */
public final class JwtSigner {

    private final JwsSigner signer;
    private final String type;

    private JwtSigner(JwsSigner signer, String type) {
        this.signer = signer;
        this.type = type;
    }

    public static Builder builder(Jwk key) {
        return new Builder(key);
    }

    /** The algorithm this signer uses. */
    public JwsAlgorithm algorithm() {
        return signer.algorithm();
    }

    /** Signs the claims. */
    public String sign(JwtClaims claims) throws JoseException {
        return signer.sign(JwsHeader.builder().type(type), Json.write(claims.asMap()));
    }

    /**
     * Signs the claims, then encrypts the signed JWT with {@code encrypter} as a nested JWT
     * ({@code cty: "JWT"}, RFC 7519 §5.2): sign first, so the signature covers the claims and not
     * the ciphertext, and the recipient learns who issued them.
     */
    public String signAndEncrypt(JwtClaims claims, JweEncrypter encrypter) throws JoseException {
        return encrypter.encryptNested(sign(claims));
    }

    /** Builder of {@link JwtSigner}. */
    public static final class Builder {
        private final JwsSigner.Builder jws;
        private String type = "JWT";

        private Builder(Jwk key) {
            this.jws = JwsSigner.builder(key);
        }

        public Builder algorithm(JwsAlgorithm alg) {
            jws.algorithm(alg);
            return this;
        }

        /** The {@code typ} header (default {@code JWT}). */
        public Builder type(String typ) {
            this.type = Objects.requireNonNull(typ, "typ");
            return this;
        }

        public Builder provider(java.security.Provider provider) {
            jws.provider(provider);
            return this;
        }

        public JwtSigner build() throws JoseException {
            return new JwtSigner(jws.build(), type);
        }
    }
}
