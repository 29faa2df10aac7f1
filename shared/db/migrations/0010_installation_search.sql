-- The installation search ("societe" finds "Société"): each searched field lowercased and
-- unaccented, indexed by trigrams so that `LIKE '%…%'` stays fast at national scale.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (its dictionary could change); naming the dictionary makes a
-- wrapper that indexes may use.
CREATE FUNCTION search_form(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, $1));

CREATE INDEX installations_search_name_idx ON installations
    USING gin (search_form(name) gin_trgm_ops) WHERE user_id IS NULL;
CREATE INDEX installations_search_s3ic_id_idx ON installations
    USING gin (s3ic_id gin_trgm_ops) WHERE user_id IS NULL;
CREATE INDEX installations_search_city_idx ON installations
    USING gin (search_form(city) gin_trgm_ops) WHERE user_id IS NULL;
CREATE INDEX installations_search_zipcode_idx ON installations
    USING gin (zipcode gin_trgm_ops) WHERE user_id IS NULL;
