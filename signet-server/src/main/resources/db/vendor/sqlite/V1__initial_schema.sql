-- SQLite's form of db/vendor/postgresql/V1: the same tables, columns, keys and indexes (a test
-- compares them), with two differences SQLite needs. audit_events.id is an INTEGER PRIMARY KEY
-- AUTOINCREMENT (SQLite has no identity columns; ids are never reused). clients.secret_hash may
-- be null from the start: V2 lifts that constraint on PostgreSQL, and SQLite cannot drop one.
-- SQLite has no time type: times are stored as fixed-width UTC text (Database.ts), which sorts
-- and compares in time order.

CREATE TABLE tenants (
    name                      VARCHAR(63)  NOT NULL PRIMARY KEY,
    signing_alg               VARCHAR(16)  NOT NULL,
    access_token_ttl_seconds  INTEGER      NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A key is pending (published, not signing), active (signing), retired (published, not signing),
-- removed (no longer published, private key erased) or revoked (withdrawn at once).
CREATE TABLE signing_keys (
    tenant           VARCHAR(63)   NOT NULL REFERENCES tenants (name),
    kid              VARCHAR(128)  NOT NULL,
    alg              VARCHAR(16)   NOT NULL,
    state            VARCHAR(16)   NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    activates_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    activated_at     TIMESTAMP WITH TIME ZONE,
    retired_at       TIMESTAMP WITH TIME ZONE,
    removes_at       TIMESTAMP WITH TIME ZONE,
    removed_at       TIMESTAMP WITH TIME ZONE,
    revoked_at       TIMESTAMP WITH TIME ZONE,
    public_jwk       VARCHAR(20000) NOT NULL,
    -- AES-256-GCM under the key-encryption key, bound to tenant and kid; empty once removed or revoked
    private_jwk_enc  VARCHAR(40000) NOT NULL,
    PRIMARY KEY (tenant, kid),
    CONSTRAINT signing_keys_state CHECK (state IN ('pending', 'active', 'retired', 'removed', 'revoked'))
);

CREATE INDEX signing_keys_by_state ON signing_keys (tenant, state);

CREATE TABLE clients (
    tenant        VARCHAR(63)   NOT NULL REFERENCES tenants (name),
    client_id     VARCHAR(128)  NOT NULL,
    -- SHA-256 of the secret, Base64URL: secrets are random 256-bit values, not passwords
    secret_hash   VARCHAR(64),
    grants        VARCHAR(1000) NOT NULL,
    scopes        VARCHAR(8000) NOT NULL,
    audiences     VARCHAR(8000) NOT NULL,
    token_format  VARCHAR(16)   NOT NULL,
    auth_method   VARCHAR(32)   NOT NULL,
    enabled       BOOLEAN       NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, client_id),
    CONSTRAINT clients_token_format CHECK (token_format IN ('jwt', 'opaque'))
);

CREATE TABLE audit_events (
    id        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at        TIMESTAMP WITH TIME ZONE NOT NULL,
    tenant    VARCHAR(63),
    type      VARCHAR(64)   NOT NULL,
    subject   VARCHAR(256),
    detail    VARCHAR(4000)
);

CREATE INDEX audit_events_by_tenant ON audit_events (tenant, at);

-- Opaque access tokens: only the SHA-256 of the reference is stored.
CREATE TABLE opaque_tokens (
    token_hash  VARCHAR(64)   NOT NULL PRIMARY KEY,
    tenant      VARCHAR(63)   NOT NULL REFERENCES tenants (name),
    client_id   VARCHAR(128)  NOT NULL,
    jti         VARCHAR(64)   NOT NULL,
    scope       VARCHAR(8000) NOT NULL,
    audiences   VARCHAR(8000) NOT NULL,
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);

CREATE INDEX opaque_tokens_by_expiry ON opaque_tokens (expires_at);

-- Revoked JWT access tokens, kept until they would have expired anyway.
CREATE TABLE revocations (
    tenant      VARCHAR(63)  NOT NULL REFERENCES tenants (name),
    jti         VARCHAR(128) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, jti)
);

-- Admin credentials: SHA-256 of a random 256-bit bearer secret.
CREATE TABLE admin_credentials (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    secret_hash  VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
