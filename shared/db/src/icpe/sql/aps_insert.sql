INSERT INTO aps (georisques_id, installation_id, installation_s3ic_id, description, date, size, ocr_status)
SELECT s.georisques_id, s.installation_id, s.installation_s3ic_id, s.description, s.date, s.size,
       s.ocr_status
FROM staged_aps s
WHERE NOT EXISTS (SELECT 1 FROM aps a WHERE a.georisques_id = s.georisques_id)
ORDER BY s.position
