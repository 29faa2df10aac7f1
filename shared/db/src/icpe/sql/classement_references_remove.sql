-- The key is (rubrique, regime, alinea), a blank alinea being a value, as in the unique index.
WITH removed AS (
    DELETE FROM classement_references r
    WHERE NOT EXISTS (
        SELECT 1 FROM staged_classement_references s
        WHERE s.rubrique = r.rubrique AND s.regime = r.regime
          AND coalesce(s.alinea, '') = coalesce(r.alinea, '')
    )
    RETURNING 1
)
SELECT count(*) FROM removed
