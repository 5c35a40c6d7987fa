package dev.signet.server.store;

import java.time.Instant;
import java.util.Locale;

/** A signing key as stored: its public JWK in clear, its private JWK encrypted. */
public record StoredKey(
        String tenant,
        String kid,
        String alg,
        KeyState state,
        Instant createdAt,
        Instant activatesAt,
        Instant activatedAt,
        Instant retiredAt,
        Instant removesAt,
        Instant revokedAt,
        String publicJwk,
        String privateJwkEncrypted) {

    /** Where a signing key is in its life. */
    public enum KeyState {
        /** Published in the JWKS, not yet signing. */
        PENDING,
        /** Signing new tokens (one per tenant), published. */
        ACTIVE,
        /** No longer signing; published until the tokens it signed have expired. */
        RETIRED,
        /** Gone from the JWKS; the private key is erased. */
        REMOVED,
        /** Withdrawn at once (compromise): gone from the JWKS, its tokens are no longer valid. */
        REVOKED;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static KeyState of(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    @Override
    public String toString() {
        return "StoredKey[" + tenant + "/" + kid + " " + alg + " " + state + "]";
    }
}
