CREATE TEMP TABLE staged_installations (
    s3ic_id text NOT NULL,
    name text NOT NULL,
    region text,
    department text,
    zipcode text,
    city text,
    last_inspection date,
    regime text,
    seveso text,
    state text
) ON COMMIT DROP
