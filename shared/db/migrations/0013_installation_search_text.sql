-- The installation search, indexable whatever the length of what is typed (0010 needed parts of
-- three characters: trigram indexes extract nothing from `%ab%`, so PostgreSQL read every row).
--
-- Each searched text is compared in one form, its search key: lowercased, unaccented, every run
-- of characters other than letters and digits one space ("Saint-Ouen" and "saint ouen" alike).
-- A part of the query with a run of three letters or digits is found anywhere in a field (the
-- original's rule); a shorter one at the start of a word of a field ("75" finds the zip codes of
-- Paris, "st" "Stains"): an index finds word starts of any length, as pg_trgm pads each word
-- with spaces ("  s", " st").
CREATE FUNCTION search_key(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN btrim(regexp_replace(search_form($1), '[^[:alnum:]]+', ' ', 'g'));

-- The LIKE pattern of one part of a query. Keys hold no `%`, `_` or `\`: nothing to escape.
CREATE FUNCTION search_pattern(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN CASE WHEN search_key($1) ~ '[[:alnum:]]{3}' THEN '%' || search_key($1) || '%'
                ELSE '% ' || search_key($1) || '%' END;

-- Whether a part is several words found anywhere ("etablissement ville"). Trigrams stop at
-- spaces, so the index finds the rows holding each word, not the words side by side: when the
-- words are everywhere (every generated row has "etablissement" and "ville"), that is every row,
-- read and rejected one by one (90 ms at national scale). Such a part is looked up in an index
-- of the text without spaces, whose trigrams span the words ("ntv" of "etablissementville").
CREATE FUNCTION search_phrase(text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN search_key($1) ~ '[[:alnum:]]{3}' AND search_key($1) LIKE '% %';

-- The four searched fields' keys in one stored text, each after a space (so that a word start
-- is always " x") and separated by a line feed, which no key holds: a part never matches across
-- two fields. Computed once per row change, so the index's recheck does not unaccent each row
-- again, and two indexes instead of four.
ALTER TABLE installations ADD COLUMN search_text text GENERATED ALWAYS AS (
    ' ' || search_key(name)
    || E'\n ' || search_key(s3ic_id)
    || E'\n ' || coalesce(search_key(city), '')
    || E'\n ' || coalesce(search_key(zipcode), '')
) STORED;

DROP INDEX installations_search_name_idx;
DROP INDEX installations_search_s3ic_id_idx;
DROP INDEX installations_search_city_idx;
DROP INDEX installations_search_zipcode_idx;
CREATE INDEX installations_search_text_idx ON installations
    USING gin (search_text gin_trgm_ops) WHERE user_id IS NULL;
CREATE INDEX installations_search_joined_idx ON installations
    USING gin (replace(search_text, ' ', '') gin_trgm_ops) WHERE user_id IS NULL;
