-- Sign-in: the browser's single sign-on sessions, the consents people gave, and the sign-ins in
-- progress. Secrets a browser holds (the session cookie, a pending request's id and CSRF token)
-- are stored only as their SHA-256, Base64URL.

-- One signed-in browser. sid is the public id the tokens carry; id_hash the hash of the cookie.
-- A session ends (ended_at) at logout, when a new sign-in replaces it, or when the user's
-- credentials change; it expires at expires_at (idle or absolute lifetime, whichever is first).
CREATE TABLE sso_sessions (
    id_hash       VARCHAR(64)  NOT NULL PRIMARY KEY,
    sid           VARCHAR(64)  NOT NULL,
    tenant        VARCHAR(63)  NOT NULL REFERENCES tenants (name),
    user_id       VARCHAR(128) NOT NULL,
    auth_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    acr           VARCHAR(64)  NOT NULL,
    -- RFC 8176 methods, space-separated
    amr           VARCHAR(200) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at      TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX sso_sessions_by_sid ON sso_sessions (tenant, sid);
CREATE INDEX sso_sessions_by_user ON sso_sessions (tenant, user_id);
CREATE INDEX sso_sessions_by_expiry ON sso_sessions (expires_at);

-- What a user allowed a client: the union of the scopes consented to, space-separated.
CREATE TABLE consents (
    tenant      VARCHAR(63)   NOT NULL REFERENCES tenants (name),
    user_id     VARCHAR(128)  NOT NULL,
    client_id   VARCHAR(128)  NOT NULL,
    scopes      VARCHAR(8000) NOT NULL,
    granted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, user_id, client_id)
);

-- A sign-in or logout in progress: the checked authorization request (JSON), the step it is at,
-- bound to the browser that started it (browser_hash, the hash of its binding cookie). Short-lived
-- and bounded in number; expired rows are deleted as new ones arrive.
CREATE TABLE sign_in_requests (
    id_hash       VARCHAR(64)   NOT NULL PRIMARY KEY,
    tenant        VARCHAR(63)   NOT NULL REFERENCES tenants (name),
    browser_hash  VARCHAR(64)   NOT NULL,
    csrf_hash     VARCHAR(64)   NOT NULL,
    stage         VARCHAR(32)   NOT NULL,
    request       VARCHAR(16000) NOT NULL,
    user_id       VARCHAR(128),
    -- a second-factor secret being enrolled (not yet in force), Base32
    pending_secret VARCHAR(200),
    failures      INTEGER       NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX sign_in_requests_by_expiry ON sign_in_requests (expires_at);
CREATE INDEX sign_in_requests_by_browser ON sign_in_requests (browser_hash);
CREATE INDEX sign_in_requests_by_tenant ON sign_in_requests (tenant);
