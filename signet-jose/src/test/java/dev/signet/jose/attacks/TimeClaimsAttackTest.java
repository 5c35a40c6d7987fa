package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.EXPIRED;
import static dev.signet.jose.JoseException.Reason.ISSUED_IN_FUTURE;
import static dev.signet.jose.JoseException.Reason.MISSING_CLAIM;
import static dev.signet.jose.JoseException.Reason.NOT_YET_VALID;
import static dev.signet.jose.JoseException.Reason.TOO_OLD;
import static dev.signet.jose.attacks.Forge.rejects;
import static dev.signet.jose.attacks.TrustedIssuer.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtVerifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Replay of expired tokens and use of tokens before their time, checked on a fixed clock exactly
 * at the skew boundaries (default skew 60 s). RFC 7519 §4.1.4: the current time must be before
 * {@code exp}; §4.1.5: not before {@code nbf}. A token without {@code exp} never expires, so it
 * is refused unless the caller opts out by name.
 */
class TimeClaimsAttackTest {

    private static final JwtVerifier VERIFIER = TrustedIssuer.hmacVerifier().build();

    private static String token(JwtClaims.Builder claims) {
        return TrustedIssuer.signed(TrustedIssuer.HMAC, claims.build());
    }

    private static String expiringAt(long secondsFromNow) {
        return token(TrustedIssuer.claims().expiresAt(NOW.plusSeconds(secondsFromNow)));
    }

    @Test
    void rejectsTokenExpiredExactlyAtTheSkewEdge() {
        // now == exp + skew: the current time is no longer before exp + skew.
        rejects(EXPIRED, () -> VERIFIER.verify(expiringAt(-60)));
    }

    @Test
    void acceptsTokenOneSecondInsideTheExpirySkew() throws Exception {
        VERIFIER.verify(expiringAt(-59));
    }

    @Test
    void rejectsLongExpiredToken() {
        rejects(EXPIRED, () -> VERIFIER.verify(expiringAt(-86_400)));
    }

    @Test
    void appliesTheSkewToFractionalExp() throws Exception {
        String half = ",\"exp\":" + (NOW.getEpochSecond() - 60) + ".5}";
        String base = "{\"iss\":\"" + TrustedIssuer.ISSUER + "\",\"aud\":\"" + TrustedIssuer.AUDIENCE + "\"";
        VERIFIER.verify(TrustedIssuer.hs256(base + half));
        String justOver = ",\"exp\":" + (NOW.getEpochSecond() - 61) + ".5}";
        rejects(EXPIRED, () -> VERIFIER.verify(TrustedIssuer.hs256(base + justOver)));
    }

    @Test
    void acceptsNbfExactlyAtTheSkewEdgeAndRejectsOneSecondLater() throws Exception {
        VERIFIER.verify(token(TrustedIssuer.claims().notBefore(NOW.plusSeconds(60))));
        rejects(
                NOT_YET_VALID,
                () -> VERIFIER.verify(token(TrustedIssuer.claims().notBefore(NOW.plusSeconds(61)))));
    }

    @Test
    void acceptsIatExactlyAtTheSkewEdgeAndRejectsOneSecondLater() throws Exception {
        VERIFIER.verify(token(TrustedIssuer.claims().issuedAt(NOW.plusSeconds(60))));
        rejects(
                ISSUED_IN_FUTURE,
                () -> VERIFIER.verify(token(TrustedIssuer.claims().issuedAt(NOW.plusSeconds(61)))));
    }

    @Test
    void honoursAZeroSkewExactly() throws Exception {
        JwtVerifier strict =
                TrustedIssuer.hmacVerifier().clockSkew(Duration.ZERO).build();
        rejects(EXPIRED, () -> strict.verify(expiringAt(0)));
        strict.verify(expiringAt(1));
        strict.verify(token(TrustedIssuer.claims().notBefore(NOW)));
        rejects(NOT_YET_VALID, () -> strict.verify(token(TrustedIssuer.claims().notBefore(NOW.plusSeconds(1)))));
        rejects(
                ISSUED_IN_FUTURE,
                () -> strict.verify(token(TrustedIssuer.claims().issuedAt(NOW.plusSeconds(1)))));
    }

    @Test
    void refusesASkewLargerThanTenMinutes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrustedIssuer.hmacVerifier().clockSkew(Duration.ofMinutes(11)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrustedIssuer.hmacVerifier().clockSkew(Duration.ofSeconds(-1)));
    }

    @Test
    void rejectsTokenWithoutExpByDefault() {
        String detail = rejects(
                        MISSING_CLAIM,
                        () -> VERIFIER.verify(token(TrustedIssuer.claims().expiresAt(null))))
                .detail();
        assertThat(detail).contains("exp");
    }

    @Test
    void acceptsTokenWithoutExpOnlyWithTheNamedOptOut() throws Exception {
        JwtVerifier optedOut =
                TrustedIssuer.hmacVerifier().acceptTokensWithoutExpiration().build();
        optedOut.verify(token(TrustedIssuer.claims().expiresAt(null)));
        // The opt-out waives a missing exp, never an expired one.
        rejects(EXPIRED, () -> optedOut.verify(expiringAt(-61)));
    }

    @Test
    void rejectsTokenOlderThanTheMaximumAgeAtTheSkewEdge() throws Exception {
        JwtVerifier oneHour =
                TrustedIssuer.hmacVerifier().maxTokenAge(Duration.ofHours(1)).build();
        oneHour.verify(token(TrustedIssuer.claims().issuedAt(NOW.minusSeconds(3600 + 60))));
        rejects(TOO_OLD, () -> oneHour.verify(token(TrustedIssuer.claims().issuedAt(NOW.minusSeconds(3600 + 61)))));
        rejects(MISSING_CLAIM, () -> oneHour.verify(token(TrustedIssuer.claims().issuedAt(null))));
    }

    @Test
    void checksExpiryBeforeIssuerAndAudience() {
        // An expired token for the wrong audience reports EXPIRED: the documented check order.
        rejects(
                EXPIRED,
                () -> VERIFIER.verify(token(
                        TrustedIssuer.claims().audience("https://other.example").expiresAt(NOW.minusSeconds(3600)))));
    }
}
