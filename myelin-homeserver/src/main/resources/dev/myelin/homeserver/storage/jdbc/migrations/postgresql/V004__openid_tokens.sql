-- OpenID tokens handed to third parties (the LiveKit authorization service); only hashes are kept.
CREATE TABLE openid_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    expires_ts BIGINT NOT NULL
);

CREATE INDEX openid_tokens_by_expiry ON openid_tokens (expires_ts);
