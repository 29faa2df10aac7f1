-- Public installations absent from the file go, with (ON DELETE CASCADE) their classements,
-- APs and prescriptions. The counts read the snapshot taken before the cascade runs.
WITH removed AS (
    DELETE FROM installations i
    WHERE i.user_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM staged_installations s WHERE s.s3ic_id = i.s3ic_id)
    RETURNING i.id
)
SELECT
    (SELECT count(*) FROM removed),
    (SELECT count(*) FROM classements c WHERE c.installation_id IN (SELECT id FROM removed)),
    (SELECT count(*) FROM aps a WHERE a.installation_id IN (SELECT id FROM removed)),
    (SELECT count(*) FROM prescriptions p WHERE p.installation_id IN (SELECT id FROM removed)),
    (SELECT count(*) FROM installations c WHERE c.duplicated_from_id IN (SELECT id FROM removed))
