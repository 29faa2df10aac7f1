-- Anonymous users of the web app. The browser keeps `token` in a cookie; `id` never leaves
-- the server, so that a user cannot be impersonated by guessing a small number.
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- gen_random_uuid() draws from the server's strong random source: 122 unguessable bits.
    token uuid NOT NULL DEFAULT gen_random_uuid() CONSTRAINT users_token_key UNIQUE,
    -- Spelling of the original schema, kept so that operators' SQL carries over.
    consults_precriptions_by_topics boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- The last visit: the daily purge deletes users not seen for three months.
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX users_updated_at_idx ON users (updated_at);
