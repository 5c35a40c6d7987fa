-- What people's sign-ins hand out: client settings for interactive clients, authorization codes,
-- and refresh-token families. Every secret value (code, refresh token) is stored only as its
-- SHA-256; a refresh token's successor is kept encrypted under the key-encryption key, and only
-- while the client's reuse grace period allows a retry to be answered with it.

-- Client type, redirect URIs (space-separated, exact strings), MFA requirement, refresh lifetimes
-- and the claims its access tokens carry (none by default).
ALTER TABLE clients ADD COLUMN client_type VARCHAR(16) NOT NULL DEFAULT 'confidential';
ALTER TABLE clients ADD COLUMN redirect_uris VARCHAR(8000) NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN post_logout_redirect_uris VARCHAR(8000) NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN require_mfa BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE clients ADD COLUMN refresh_idle_seconds BIGINT NOT NULL DEFAULT 1209600;
ALTER TABLE clients ADD COLUMN refresh_absolute_seconds BIGINT NOT NULL DEFAULT 7776000;
ALTER TABLE clients ADD COLUMN refresh_grace_seconds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN claim_mappings VARCHAR(200) NOT NULL DEFAULT '';

-- Whom an opaque access token was issued for: the user's id, or null for the client itself.
ALTER TABLE opaque_tokens ADD COLUMN subject VARCHAR(128);

-- Authorization codes (RFC 6749 §4.1.2): single use, short-lived. A redeemed code keeps what was
-- issued with it (refresh family, access token id) so that a replay can revoke it.
CREATE TABLE authorization_codes (
    code_hash          VARCHAR(64)   NOT NULL PRIMARY KEY,
    tenant             VARCHAR(63)   NOT NULL REFERENCES tenants (name),
    client_id          VARCHAR(128)  NOT NULL,
    user_id            VARCHAR(128)  NOT NULL,
    sid                VARCHAR(128)  NOT NULL,
    redirect_uri       VARCHAR(2000) NOT NULL,
    code_challenge     VARCHAR(128)  NOT NULL,
    scopes             VARCHAR(8000) NOT NULL,
    nonce              VARCHAR(512),
    auth_time          TIMESTAMP WITH TIME ZONE NOT NULL,
    acr                VARCHAR(64)   NOT NULL,
    amr                VARCHAR(200)  NOT NULL,
    issued_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    consumed_at        TIMESTAMP WITH TIME ZONE,
    family_id          VARCHAR(64),
    access_jti         VARCHAR(64),
    access_expires_at  TIMESTAMP WITH TIME ZONE
);

CREATE INDEX authorization_codes_by_expiry ON authorization_codes (expires_at);

-- A refresh-token family: every refresh token descended from one sign-in of one user to one client.
CREATE TABLE refresh_families (
    family_id            VARCHAR(64)   NOT NULL PRIMARY KEY,
    tenant               VARCHAR(63)   NOT NULL REFERENCES tenants (name),
    client_id            VARCHAR(128)  NOT NULL,
    user_id              VARCHAR(128)  NOT NULL,
    sid                  VARCHAR(128)  NOT NULL,
    scopes               VARCHAR(8000) NOT NULL,
    audiences            VARCHAR(8000) NOT NULL,
    auth_time            TIMESTAMP WITH TIME ZONE NOT NULL,
    acr                  VARCHAR(64)   NOT NULL,
    amr                  VARCHAR(200)  NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    absolute_expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at           TIMESTAMP WITH TIME ZONE,
    revoke_reason        VARCHAR(200)
);

CREATE INDEX refresh_families_by_session ON refresh_families (tenant, sid);
CREATE INDEX refresh_families_by_user ON refresh_families (tenant, user_id);
CREATE INDEX refresh_families_by_expiry ON refresh_families (absolute_expires_at);

-- The members of a family, one per generation. A consumed token names its successor; within the
-- client's grace period the successor itself is kept, encrypted, to answer a retry.
CREATE TABLE refresh_tokens (
    token_hash        VARCHAR(64)  NOT NULL PRIMARY KEY,
    family_id         VARCHAR(64)  NOT NULL REFERENCES refresh_families (family_id) ON DELETE CASCADE,
    generation        INTEGER      NOT NULL,
    issued_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    consumed_at       TIMESTAMP WITH TIME ZONE,
    successor_hash    VARCHAR(64),
    successor_sealed  VARCHAR(400),
    grace_until       TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX refresh_tokens_by_generation ON refresh_tokens (family_id, generation);
CREATE INDEX refresh_tokens_by_grace ON refresh_tokens (grace_until);
