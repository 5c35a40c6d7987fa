package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.json;
import static dev.signet.jose.attacks.Forge.rejects;

import dev.signet.jose.JwsAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Duplicate member names (RFC 7515 §5.2, RFC 7519 §4): parsers disagree on which value wins
 * (first, last, error), so a token can mean one thing to a gateway and another to the service
 * behind it. Every token here is correctly signed; only the duplicate can reject it.
 */
class DuplicateMemberAttackTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'alg':'HS256','alg':'none'}",
                "{'alg':'none','alg':'HS256'}",
                "{'alg':'HS256','alg':'HS256'}",
                "{'alg':'HS256','kid':'other','kid':'hmac-1'}",
                "{'alg':'HS256','\\u0061lg':'none'}",
                "{'alg':'HS256','typ':'JWT','typ':'at+jwt'}",
                "{'alg':'HS256','crit':['x'],'x':1,'x':2}"
            })
    void rejectsDuplicateHeaderNames(String header) {
        String token = Forge.hmac(JwsAlgorithm.HS256, TrustedIssuer.SECRET, json(header), TrustedIssuer.claimsJson());
        rejects(MALFORMED, () -> TrustedIssuer.hmacVerifier().build().verify(token));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "'sub':'admin'",
                "'aud':'https://other.example'",
                "'iss':'https://issuer.example'",
                "'exp':9999999999",
                "'s\\u0075b':'admin'",
                "'scope':'read','scope':'admin'",
                "'cnf':{'jkt':'a','jkt':'b'}",
                "'nested':[{'role':'user','role':'admin'}]"
            })
    void rejectsDuplicateClaimNames(String extra) {
        // claimsJson already holds iss, aud, sub, iat and exp; the extra member repeats one of them,
        // or carries its own duplicate deeper down.
        String token = TrustedIssuer.hs256(TrustedIssuer.claimsJson(json(extra)));
        rejects(MALFORMED, () -> TrustedIssuer.hmacVerifier().build().verify(token));
    }
}
