-- A facility list shared as work (`queue load`): one item per application, with the
-- identity document it uploads, since the worker that fills it may be on another
-- machine; claims on accounts; and the thumbnail of each review screenshot, so that a
-- report can be built wherever the journal is. Times of claims are seconds since 1970
-- by the database's clock. Nothing here is a secret.
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content BLOB NOT NULL
);

CREATE TABLE work_items (
    id INTEGER PRIMARY KEY,
    facility TEXT NOT NULL,
    category_code TEXT NOT NULL,
    username TEXT NOT NULL,
    row_no INTEGER,
    category TEXT NOT NULL,
    facility_row TEXT NOT NULL,
    digest TEXT NOT NULL,
    document_name TEXT NOT NULL,
    document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
    loaded_at TEXT NOT NULL,
    UNIQUE (facility, category_code, username)
);

CREATE INDEX work_items_of_account ON work_items (username, id);

CREATE TABLE claims (
    portal TEXT NOT NULL,
    username TEXT NOT NULL,
    first_item INTEGER NOT NULL,
    worker TEXT,
    token TEXT,
    claimed_at REAL,
    heartbeat_at REAL,
    expires_at REAL,
    PRIMARY KEY (portal, username)
);

CREATE TABLE thumbnails (
    application_id INTEGER PRIMARY KEY REFERENCES applications (id),
    content BLOB NOT NULL
);
