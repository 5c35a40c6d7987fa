package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.CRIT_NOT_UNDERSTOOD;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.json;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JwsAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code crit} (RFC 7515 §4.1.11): the signer says "refuse this token unless you process these
 * headers". Ignoring it lets an attacker-chosen (or issuer-chosen) restriction be silently dropped.
 */
class CritHeaderAttackTest {

    private static String token(String header) {
        return Forge.hmac(JwsAlgorithm.HS256, TrustedIssuer.SECRET, json(header), TrustedIssuer.claimsJson());
    }

    @Test
    void rejectsUnknownCriticalHeader() {
        String detail = rejects(
                        CRIT_NOT_UNDERSTOOD,
                        () -> TrustedIssuer.hmacVerifier()
                                .build()
                                .verify(token("{'alg':'HS256','kid':'hmac-1','crit':['http://example.com/must-check'],"
                                        + "'http://example.com/must-check':true}")))
                .detail();
        assertThat(detail).contains("http://example.com/must-check");
    }

    @Test
    void acceptsCriticalHeaderTheCallerDeclaresUnderstood() throws Exception {
        String token = token("{'alg':'HS256','kid':'hmac-1','crit':['tenant'],'tenant':'acme'}");
        rejects(CRIT_NOT_UNDERSTOOD, () -> TrustedIssuer.hmacVerifier().build().verify(token));
        assertThat(TrustedIssuer.hmacVerifier()
                        .understoodCriticalHeaders("tenant")
                        .build()
                        .verify(token)
                        .header()
                        .get("tenant"))
                .isEqualTo("acme");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'alg':'HS256','crit':['alg']}",
                "{'alg':'HS256','kid':'hmac-1','crit':['kid']}",
                "{'alg':'HS256','crit':['jku'],'jku':'https://a.example'}",
                "{'alg':'HS256','crit':['x5c'],'x5c':[]}"
            })
    void rejectsCritListingRegisteredNames(String header) {
        rejects(MALFORMED, () -> TrustedIssuer.hmacVerifier().build().verify(token(header)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'alg':'HS256','crit':['missing']}",
                "{'alg':'HS256','crit':[]}",
                "{'alg':'HS256','crit':'x','x':1}",
                "{'alg':'HS256','crit':[1]}",
                "{'alg':'HS256','crit':[null]}",
                "{'alg':'HS256','crit':null}",
                "{'alg':'HS256','crit':['x','x'],'x':1}",
                "{'alg':'HS256','crit':{'x':true},'x':1}"
            })
    void rejectsMalformedCrit(String header) {
        rejects(
                MALFORMED,
                () -> TrustedIssuer.hmacVerifier()
                        .understoodCriticalHeaders("x", "missing")
                        .build()
                        .verify(token(header)));
    }

    @Test
    void rejectsUnencodedPayloadPresentedAsJwt() {
        // RFC 7797 b64:false is understood by JWS, but a JWT payload is always Base64URL (RFC 7519 §3).
        String header = json("{'alg':'HS256','kid':'hmac-1','b64':false,'crit':['b64']}");
        String input = Forge.b64(header) + "." + "{\"sub\":\"alice\"}";
        String token = TrustedIssuer.hmacSigned(input);
        rejects(
                MALFORMED,
                () -> TrustedIssuer.hmacVerifier()
                        .acceptTokensWithoutExpiration()
                        .build()
                        .verify(token));
    }

    @Test
    void rejectsB64NotListedInCrit() {
        rejects(MALFORMED, () -> TrustedIssuer.hmacVerifier().build().verify(token("{'alg':'HS256','b64':true}")));
    }
}
