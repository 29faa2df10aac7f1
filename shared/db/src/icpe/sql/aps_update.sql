UPDATE aps a
SET installation_id = s.installation_id,
    installation_s3ic_id = s.installation_s3ic_id,
    description = s.description,
    date = s.date,
    size = s.size,
    ocr_status = s.ocr_status,
    updated_at = now()
FROM staged_aps s
WHERE a.georisques_id = s.georisques_id
  AND (a.installation_id, a.installation_s3ic_id, a.description, a.date, a.size, a.ocr_status)
      IS DISTINCT FROM
      (s.installation_id, s.installation_s3ic_id, s.description, s.date, s.size, s.ocr_status)
