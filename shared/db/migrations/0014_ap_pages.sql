-- The text of each page of the APs, as OCR read it: what the search in AP texts looks into, in
-- French (stemmed, accents ignored: "arretes" finds "arrêtés"). Kept by georisques id, not tied
-- to the `aps` rows, which every ICPE import rewrites: the text belongs to the PDF in the `ap`
-- bucket.
CREATE TEXT SEARCH CONFIGURATION public.french_unaccent (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION public.french_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;

CREATE TABLE ap_pages (
    georisques_id text NOT NULL,
    page integer NOT NULL CONSTRAINT ap_pages_page_check CHECK (page >= 1),
    text text NOT NULL,
    search tsvector NOT NULL
        GENERATED ALWAYS AS (to_tsvector('public.french_unaccent'::regconfig, text)) STORED,
    PRIMARY KEY (georisques_id, page)
);

CREATE INDEX ap_pages_search_idx ON ap_pages USING gin (search);
