INSERT INTO classement_references (rubrique, regime, alinea, description)
SELECT s.rubrique, s.regime, s.alinea, s.description
FROM staged_classement_references s
WHERE NOT EXISTS (
    SELECT 1 FROM classement_references r
    WHERE s.rubrique = r.rubrique AND s.regime = r.regime
      AND coalesce(s.alinea, '') = coalesce(r.alinea, '')
)
ORDER BY s.position
