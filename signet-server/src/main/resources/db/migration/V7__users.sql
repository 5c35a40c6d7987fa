-- People who sign in, per tenant. user_id is random and stable (the tokens' sub); username_key is
-- the username as compared (NFKC, case folded), username as it was typed. password_hash is a PHC
-- string ($argon2id$v=19$m=..,t=..,p=..$salt$hash); totp_secret_enc the TOTP secret AES-256-GCM
-- encrypted under the key-encryption key, bound to tenant and user; totp_last_step the last time
-- step whose code was accepted (a code is accepted once). failed_attempts counts consecutive
-- failed sign-ins (back-off from the 5th, a lock at the 10th until locked_until).
CREATE TABLE users (
    tenant                    VARCHAR(63)   NOT NULL REFERENCES tenants (name),
    user_id                   VARCHAR(22)   NOT NULL,
    username_key              VARCHAR(1024) NOT NULL,
    username                  VARCHAR(1024) NOT NULL,
    email                     VARCHAR(320),
    email_verified            BOOLEAN       NOT NULL,
    name                      VARCHAR(1024),
    -- space-separated role names (a role holds no space)
    roles                     VARCHAR(4000) NOT NULL,
    enabled                   BOOLEAN       NOT NULL,
    password_change_required  BOOLEAN       NOT NULL,
    password_hash             VARCHAR(256),
    failed_attempts           INTEGER       NOT NULL,
    last_failure_at           TIMESTAMP WITH TIME ZONE,
    locked_until              TIMESTAMP WITH TIME ZONE,
    totp_secret_enc           VARCHAR(512),
    totp_last_step            BIGINT,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, user_id)
);

CREATE UNIQUE INDEX users_by_username ON users (tenant, username_key);

-- Recovery codes: random, shown once, stored as SHA-256; each usable once.
CREATE TABLE recovery_codes (
    tenant      VARCHAR(63)  NOT NULL,
    user_id     VARCHAR(22)  NOT NULL,
    code_hash   VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (tenant, user_id, code_hash),
    FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, user_id)
);

-- One-time password reset links: only the SHA-256 of the random token is stored.
CREATE TABLE password_resets (
    token_hash  VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant      VARCHAR(63)  NOT NULL,
    user_id     VARCHAR(22)  NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, user_id)
);

CREATE INDEX password_resets_by_user ON password_resets (tenant, user_id);

-- A tenant's sign-in policy: whether every sign-in needs a second factor.
CREATE TABLE tenant_user_policies (
    tenant       VARCHAR(63)  NOT NULL PRIMARY KEY REFERENCES tenants (name),
    require_mfa  BOOLEAN      NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
