CREATE TEMP TABLE staged_classement_references (
    position bigint NOT NULL,
    rubrique text NOT NULL,
    regime text NOT NULL,
    alinea text,
    description text
) ON COMMIT DROP
