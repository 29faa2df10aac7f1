INSERT INTO installations
    (s3ic_id, name, region, department, zipcode, city, last_inspection, regime, seveso, state)
SELECT s.s3ic_id, s.name, s.region, s.department, s.zipcode, s.city, s.last_inspection, s.regime,
       s.seveso, s.state
FROM staged_installations s
WHERE NOT EXISTS (SELECT 1 FROM installations i WHERE i.user_id IS NULL AND i.s3ic_id = s.s3ic_id)
