UPDATE classement_references r
SET alinea = s.alinea, description = s.description
FROM staged_classement_references s
WHERE s.rubrique = r.rubrique AND s.regime = r.regime
  AND coalesce(s.alinea, '') = coalesce(r.alinea, '')
  AND (r.alinea, r.description) IS DISTINCT FROM (s.alinea, s.description)
