package dev.signet.server.oauth;

import java.time.Instant;
import java.util.List;

/**
 * Issues authorization codes (RFC 6749 §4.1.2) once a person has signed in and consented: the
 * sign-in side calls it, the authorization-code grant redeems what it stored. Codes are single
 * use, short-lived and stored only as their hash.
 */
@FunctionalInterface
public interface AuthorizationCodes {

    /**
     * What a code stands for: who signed in to which client, how and when, bound to the redirect
     * URI and the PKCE challenge ({@code S256}) of the request it answers.
     *
     * @param sid the sign-in session's public id (the tokens' {@code sid})
     * @param acr {@code urn:signet:acr:pwd} or {@code urn:signet:acr:mfa}
     * @param amr RFC 8176 methods, e.g. {@code [pwd]} or {@code [pwd, otp, mfa]}
     * @param nonce the request's {@code nonce}, or null
     */
    record Grant(
            String tenant,
            String clientId,
            String userId,
            String sid,
            String redirectUri,
            String codeChallenge,
            List<String> scopes,
            String nonce,
            Instant authTime,
            String acr,
            List<String> amr) {

        public Grant {
            scopes = List.copyOf(scopes);
            amr = List.copyOf(amr);
        }
    }

    /** Stores a new code for {@code grant} and returns it (the only time it exists in clear). */
    String issue(Grant grant);
}
