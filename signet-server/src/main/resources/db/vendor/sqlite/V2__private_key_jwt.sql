-- SQLite's form of db/vendor/postgresql/V2: clients.secret_hash is nullable from V1 already.
-- RFC 7523 client authentication: a client registered with public keys has no secret.
ALTER TABLE clients ADD COLUMN jwks VARCHAR(100000);

-- The jti of every accepted client assertion, until it expires: a replayed assertion is refused.
CREATE TABLE client_assertions (
    tenant      VARCHAR(63)  NOT NULL REFERENCES tenants (name),
    client_id   VARCHAR(128) NOT NULL,
    jti         VARCHAR(256) NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, client_id, jti)
);

CREATE INDEX client_assertions_by_expiry ON client_assertions (expires_at);
