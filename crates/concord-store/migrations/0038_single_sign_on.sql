-- Single sign-on through OpenID Connect (issue 25).
--
-- The identity at a provider that signs in as an account: the issuer and the subject it
-- gives the person (OpenID Connect Core §2: a subject is unique and never reassigned
-- within its issuer; a username or an email address can be). An account made at first
-- sign-in is inactive until an administrator activates it.
CREATE TABLE user_identity (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    provider TEXT NOT NULL,
    user_id UUID NOT NULL REFERENCES app_user(id),
    created_at TIMESTAMPTZ NOT NULL,
    last_sign_in_at TIMESTAMPTZ,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identity_user ON user_identity (user_id);

-- A sign-in sent to a provider and not yet back: the state's SHA-256 (the browser holds
-- the state itself, in the URL and in a cookie), the nonce the ID token must carry and
-- the PKCE verifier. Taken (deleted) when the browser returns; kept ten minutes at most.
CREATE TABLE sso_attempt (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    return_to TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- The provider's sign-in a session came from, for single sign-out: signing out of
-- Concord signs out at the provider (the ID token is the hint it asks for). The subject
-- and the provider's session id (`sid`) say which sign-in at the provider it was.
ALTER TABLE user_session ADD COLUMN sso_provider TEXT;
ALTER TABLE user_session ADD COLUMN sso_id_token TEXT;
ALTER TABLE user_session ADD COLUMN sso_subject TEXT;
ALTER TABLE user_session ADD COLUMN sso_sid TEXT;
