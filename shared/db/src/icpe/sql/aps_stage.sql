CREATE TEMP TABLE staged_aps (
    position bigint NOT NULL,
    georisques_id text NOT NULL,
    installation_id bigint NOT NULL,
    installation_s3ic_id text NOT NULL,
    description text,
    date date,
    size integer,
    ocr_status text NOT NULL
) ON COMMIT DROP
