-- The journal of a batch: one row per application, one per event. Nothing here is a
-- secret: a refused or changed password is kept as a salted 32-bit fingerprint only.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    portal TEXT NOT NULL,
    facility TEXT NOT NULL,
    category_code TEXT NOT NULL,
    username TEXT NOT NULL,
    row_no INTEGER,
    row_digest TEXT,
    row_fields TEXT,
    status TEXT,
    step TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    error_class TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    draft_no TEXT,
    application_no TEXT,
    portal_status TEXT,
    synced_at TEXT,
    outcome TEXT,
    started_at TEXT,
    finished_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (portal, facility, category_code, username)
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    portal TEXT NOT NULL,
    application_id INTEGER REFERENCES applications (id),
    username TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    detail TEXT,
    at TEXT NOT NULL
);

CREATE INDEX events_of_application ON events (application_id, id);
CREATE INDEX events_of_account ON events (portal, username, kind, id);
