-- $1: id of a public installation; $2: the user. One statement, so the copy is whole or absent.
WITH copy AS (
    INSERT INTO installations
        (s3ic_id, name, region, department, zipcode, city, last_inspection, regime, seveso, state,
         user_id, duplicated_from_id)
    SELECT s3ic_id, name, region, department, zipcode, city, last_inspection, regime, seveso, state,
           $2, id
    FROM installations
    WHERE id = $1 AND user_id IS NULL
    RETURNING id
), copied_classements AS (
    INSERT INTO classements
        (installation_id, rubrique, regime, alinea, rubrique_acte, regime_acte, alinea_acte, activite,
         date_autorisation, date_mise_en_service, volume)
    SELECT copy.id, c.rubrique, c.regime, c.alinea, c.rubrique_acte, c.regime_acte, c.alinea_acte,
           c.activite, c.date_autorisation, c.date_mise_en_service, c.volume
    FROM classements c CROSS JOIN copy
    WHERE c.installation_id = $1
    ORDER BY c.id
)
SELECT id FROM copy
