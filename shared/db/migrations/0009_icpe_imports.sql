-- What each public table was last imported from, so that the same file delivered again
-- (at-least-once triggers) changes nothing. Any other writer of these tables must delete
-- its table's row, so that the next import of the same file is not skipped.
CREATE TABLE icpe_imports (
    target text PRIMARY KEY CONSTRAINT icpe_imports_target_check
        CHECK (target IN ('installations', 'classements', 'aps', 'classement_references')),
    file text NOT NULL,
    content_sha256 text NOT NULL CONSTRAINT icpe_imports_sha256_format CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    imported_at timestamptz NOT NULL DEFAULT now()
);
