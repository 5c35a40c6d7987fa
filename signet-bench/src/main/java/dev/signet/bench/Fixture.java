package dev.signet.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JwtClaims;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one access token every benchmark signs and verifies, and the JCA provider set-up.
 *
 * <p>Ten claims, as an RFC 9068 access token carries them: {@code iss, sub, aud, exp, iat, nbf,
 * jti, client_id, scope} and one custom claim; header {@code alg, kid, typ: at+jwt}.
 */
final class Fixture {

    static final String ISSUER = "https://auth.example.com/tenants/default";
    static final String SUBJECT = "248289761001";
    static final String AUDIENCE = "https://api.example.com";
    static final String JWT_ID = "5c5f1b6e-3f1e-4a3e-9f5e-2b1d7c9a8e41";
    static final String CLIENT_ID = "s6BhdRkqt3";
    static final String SCOPE = "openid profile email orders:read orders:write";
    static final String CUSTOM_NAME = "tenant_id";
    static final String CUSTOM_VALUE = "acme-corp-eu-1";
    static final String TYPE = "at+jwt";
    /** Every verifier allows this much clock skew (Signet's default). */
    static final int SKEW_SECONDS = 60;
    /** Tokens live for an hour: far longer than any fork. */
    static final long LIFETIME_SECONDS = 3600;

    static final String ACCP = "accp";
    static final String JDK = "jdk";

    private Fixture() {}

    /** The claims with {@code iat = nbf = now} and {@code exp = now + 1 h}, in document order. */
    static Map<String, Object> claimMap(long now) {
        return claimMap(now, ISSUER, AUDIENCE, now + LIFETIME_SECONDS);
    }

    static Map<String, Object> claimMap(long now, String issuer, String audience, long exp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iss", issuer);
        m.put("sub", SUBJECT);
        m.put("aud", audience);
        m.put("exp", exp);
        m.put("iat", now);
        m.put("nbf", now);
        m.put("jti", JWT_ID);
        m.put("client_id", CLIENT_ID);
        m.put("scope", SCOPE);
        m.put(CUSTOM_NAME, CUSTOM_VALUE);
        return m;
    }

    static JwtClaims signetClaims(Map<String, Object> m) {
        return JwtClaims.builder().claims(m).build();
    }

    /**
     * Installs the provider of the {@code provider} parameter. JMH forks a JVM per parameter
     * combination, so installing ACCP here never leaks into a {@code jdk} trial; a {@code jdk}
     * trial that finds ACCP installed (a run with {@code -f 0}) fails instead of measuring it.
     */
    static void installProvider(String provider) {
        switch (provider) {
            case JDK -> {
                if (Security.getProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME) != null) {
                    throw new IllegalStateException("ACCP is installed in a jdk trial: run with forks >= 1");
                }
            }
            case ACCP -> {
                Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
                if (error != null) {
                    throw new IllegalStateException("ACCP cannot load on this machine", error);
                }
                // insertProviderAt returns -1 when a provider of that name is installed already: then
                // that one (JCA looks providers up by name) must be the first.
                if (Security.insertProviderAt(AmazonCorrettoCryptoProvider.INSTANCE, 1) == -1
                        && !AmazonCorrettoCryptoProvider.PROVIDER_NAME.equals(Security.getProviders()[0].getName())) {
                    throw new IllegalStateException("ACCP is installed, but not first");
                }
                AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            }
            default -> throw new IllegalArgumentException("provider must be jdk or accp, not " + provider);
        }
        Provider first = Security.getProviders()[0];
        System.out.println("[setup] provider=" + provider + ": first JCA provider " + first.getName() + " "
                + first.getVersionStr() + " on Java " + System.getProperty("java.version"));
    }

    // ---------------------------------------------------------------- tampering

    /** The token with one bit of its signature flipped (the Base64URL stays canonical). */
    static String tamperSignature(String token) throws JoseException {
        int d2 = token.lastIndexOf('.');
        byte[] sig = Base64Url.decode(token.substring(d2 + 1));
        sig[sig.length / 2] ^= 0x01;
        return token.substring(0, d2 + 1) + Base64Url.encode(sig);
    }

    /** The token with its payload replaced by one naming another subject; the signature is the original. */
    static String tamperPayload(String token) throws JoseException {
        int d1 = token.indexOf('.');
        int d2 = token.lastIndexOf('.');
        String json = new String(Base64Url.decode(token.substring(d1 + 1, d2)), StandardCharsets.UTF_8);
        String forged = json.replace(SUBJECT, "248289761002");
        if (forged.equals(json)) {
            throw new IllegalStateException("payload has no subject to forge: " + json);
        }
        return token.substring(0, d1 + 1) + Base64Url.encode(forged) + token.substring(d2);
    }

    /** Seconds since the epoch. */
    static long now() {
        return Instant.now().getEpochSecond();
    }
}
