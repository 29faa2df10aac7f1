-- New AMs are inserted; stored ones are updated only when their stored form differs, and their
-- content_updated_at moves only when the text users read differs (content_fingerprint), so
-- that users are warned only when their prescriptions may have come from an older text.
INSERT INTO ams AS a (cid, title, data, aida_url, legifrance_url, classements_with_alineas,
                      date_of_signature, is_transverse, nickname, applicability, content_fingerprint,
                      content_updated_at)
SELECT cid, title, data, aida_url, legifrance_url, classements_with_alineas,
       date_of_signature, is_transverse, nickname, applicability, content_fingerprint, now()
FROM incoming_ams
ON CONFLICT (cid) DO UPDATE SET
    title = excluded.title,
    data = excluded.data,
    aida_url = excluded.aida_url,
    legifrance_url = excluded.legifrance_url,
    classements_with_alineas = excluded.classements_with_alineas,
    date_of_signature = excluded.date_of_signature,
    is_transverse = excluded.is_transverse,
    nickname = excluded.nickname,
    applicability = excluded.applicability,
    content_fingerprint = excluded.content_fingerprint,
    content_updated_at = CASE WHEN a.content_fingerprint IS DISTINCT FROM excluded.content_fingerprint
                              THEN now() ELSE a.content_updated_at END,
    updated_at = now()
WHERE a.data IS DISTINCT FROM excluded.data
RETURNING a.cid,
          (xmax = 0) AS inserted,
          -- On update, content_updated_at equals now() exactly when it was just bumped.
          (xmax <> 0 AND a.content_updated_at = now()) AS content_changed
