-- Sync filters uploaded by clients; ids count up per user.
CREATE TABLE filters (
    user_id TEXT NOT NULL,
    filter_number BIGINT NOT NULL,
    filter_json TEXT NOT NULL,
    PRIMARY KEY (user_id, filter_number)
);
