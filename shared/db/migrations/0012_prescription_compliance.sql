-- What the inspector found for each prescription (beyond the original): a status and a free
-- comment, both carried into the exports.
ALTER TABLE prescriptions
    ADD COLUMN status text NOT NULL DEFAULT 'a_verifier'
        CONSTRAINT prescriptions_status_check
        CHECK (status IN ('a_verifier', 'conforme', 'non_conforme', 'sans_objet')),
    ADD COLUMN comment text NOT NULL DEFAULT '';
