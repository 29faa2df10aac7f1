DELETE FROM aps a
WHERE NOT EXISTS (SELECT 1 FROM staged_aps s WHERE s.georisques_id = a.georisques_id)
