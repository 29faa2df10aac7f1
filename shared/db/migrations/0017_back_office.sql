-- The back-office's own tables, in a schema of their own. The web app never reads them:
-- publishing to the `am` bucket is their only way out.

CREATE SCHEMA bo;

-- The editors. A password is kept as its argon2id hash (PHC string), never as itself.
CREATE TABLE bo.editors (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A session is a row as well as a signed cookie, so that logging out ends it on the server:
-- a copied cookie is worth nothing once its session is gone.
CREATE TABLE bo.sessions (
    id uuid PRIMARY KEY,
    editor_id bigint NOT NULL REFERENCES bo.editors ON DELETE CASCADE,
    expires_at timestamptz NOT NULL
);
CREATE INDEX bo_sessions_expires_idx ON bo.sessions (expires_at);

-- Failed logins of the last minutes, by login and by address: what slows a guesser down. In
-- the database rather than in memory, since each Lambda instance has its own memory.
CREATE TABLE bo.login_failures (
    login text NOT NULL,
    address text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bo_login_failures_login_idx ON bo.login_failures (login, at);
CREATE INDEX bo_login_failures_address_idx ON bo.login_failures (address, at);

-- Each AM as its editors keep it: three JSON documents (spec A.3). The text and the
-- parametrization are `json`, kept as written; the metadata is `jsonb`, which the catalogue
-- reads field by field.
CREATE TABLE bo.ams (
    cid text PRIMARY KEY,
    metadata jsonb NOT NULL,
    text json NOT NULL,
    parametrization json NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every change: who, when, which AM, what, and the three documents before and after (none
-- before a creation), so that any two versions can be compared. The editor's login is kept as
-- text: the log outlives the account.
CREATE TABLE bo.edits (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    editor text NOT NULL,
    cid text NOT NULL,
    what text NOT NULL,
    before json,
    after json NOT NULL
);
CREATE INDEX bo_edits_cid_idx ON bo.edits (cid, id);
