-- To-device messages wait here until the recipient device acknowledges them by syncing past them.
CREATE TABLE to_device_messages (
    stream_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    type TEXT NOT NULL,
    content TEXT NOT NULL
);

CREATE INDEX to_device_by_recipient ON to_device_messages (user_id, device_id, stream_id);

-- sendToDevice is idempotent per sending device and transaction id.
CREATE TABLE to_device_transactions (
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    txn_id TEXT NOT NULL,
    created_ts BIGINT NOT NULL,
    PRIMARY KEY (user_id, device_id, txn_id)
);
