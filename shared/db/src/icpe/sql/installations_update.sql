-- Installations still in the file keep their id (URLs and prescriptions point to it); only
-- those whose values changed are written.
UPDATE installations i
SET name = s.name,
    region = s.region,
    department = s.department,
    zipcode = s.zipcode,
    city = s.city,
    last_inspection = s.last_inspection,
    regime = s.regime,
    seveso = s.seveso,
    state = s.state,
    updated_at = now()
FROM staged_installations s
WHERE i.user_id IS NULL
  AND i.s3ic_id = s.s3ic_id
  AND (i.name, i.region, i.department, i.zipcode, i.city, i.last_inspection, i.regime, i.seveso, i.state)
      IS DISTINCT FROM
      (s.name, s.region, s.department, s.zipcode, s.city, s.last_inspection, s.regime, s.seveso, s.state)
