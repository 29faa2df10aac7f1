WITH removed AS (
    DELETE FROM aps a
    WHERE NOT EXISTS (SELECT 1 FROM staged_aps s WHERE s.georisques_id = a.georisques_id)
    RETURNING 1
)
SELECT count(*) FROM removed
