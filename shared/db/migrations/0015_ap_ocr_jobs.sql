-- The OCR jobs ap-sync has sent to the queue and not yet seen finished: a document is queued
-- again only once its job can no longer be in flight (received, hidden, retried: the queue's
-- whole retry window has passed), and no more than a few times. Kept apart from `aps`, which
-- every import rewrites, and not tied to it: a job may outlive its AP's row.
CREATE TABLE ap_ocr_jobs (
    georisques_id text PRIMARY KEY,
    queued_at timestamptz NOT NULL DEFAULT now(),
    -- How many times it was sent: a document whose jobs keep dying (and land in the dead-letter
    -- queue) is not sent again after the limit; the summary counts it.
    sends integer NOT NULL DEFAULT 1 CONSTRAINT ap_ocr_jobs_sends_check CHECK (sends >= 1)
);
