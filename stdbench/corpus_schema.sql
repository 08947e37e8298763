-- stdbench corpus index (SQLite). One row per indexed file; clauses and requirements in their own
-- tables; fts holds searchable text with CJK characters spaced apart (see corpus_search.py).
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE IF NOT EXISTS parsed (          -- parsed documents cached by content hash
    sha256 TEXT PRIMARY KEY,
    model  TEXT NOT NULL                     -- Standard.model_dump_json()
);
CREATE TABLE IF NOT EXISTS documents (
    id           INTEGER PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE,       -- resolved path of the file
    source       TEXT NOT NULL CHECK (source IN ('bundled', 'user')),
    sha256       TEXT NOT NULL,
    key          TEXT NOT NULL,              -- dated key: GB 2762-2025
    undated_key  TEXT NOT NULL,              -- GB 2762
    year         INTEGER,
    designation  TEXT,                       -- Designation JSON
    level        TEXT NOT NULL,
    mandatory    INTEGER,
    status       TEXT NOT NULL,
    title_zh     TEXT,
    title_en     TEXT,
    issued       TEXT,
    implemented  TEXT,
    replaces     TEXT NOT NULL DEFAULT '[]', -- JSON list of keys
    replaced_by  TEXT NOT NULL DEFAULT '[]',
    issuer       TEXT,
    categories   TEXT NOT NULL DEFAULT '[]',
    format       TEXT,
    added        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_key ON documents (key);
CREATE INDEX IF NOT EXISTS documents_undated ON documents (undated_key);
CREATE TABLE IF NOT EXISTS clauses (
    id      INTEGER PRIMARY KEY,
    doc_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    number  TEXT,
    title   TEXT NOT NULL DEFAULT '',
    kind    TEXT,
    text    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS clauses_doc ON clauses (doc_id);
CREATE TABLE IF NOT EXISTS requirements (
    id            INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    parameter     TEXT,
    label         TEXT NOT NULL DEFAULT '',
    category      TEXT,
    category_code TEXT,
    grade         TEXT,
    product_type  TEXT,
    bound         TEXT NOT NULL,             -- Bound JSON
    unit          TEXT,
    limit_text    TEXT NOT NULL DEFAULT '',
    clause        TEXT,
    tbl           TEXT,
    model         TEXT NOT NULL              -- Requirement JSON
);
CREATE INDEX IF NOT EXISTS requirements_doc ON requirements (doc_id);
CREATE INDEX IF NOT EXISTS requirements_param ON requirements (parameter);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
    title, body,
    doc_id UNINDEXED, kind UNINDEXED, ref UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
