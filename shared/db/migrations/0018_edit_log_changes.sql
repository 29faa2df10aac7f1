-- The edit log keeps, for each change, only the documents it changed (all three for a new
-- AM); a version is the latest of each document up to it. Saving one parametrization element
-- of the largest AM wrote its 1 MB text three more times (the row, before, after): 60 ms of
-- the 50 the back-office may take. Earlier changes keep their three documents.
ALTER TABLE bo.edits
    ADD COLUMN metadata json,
    ADD COLUMN text json,
    ADD COLUMN parametrization json;
UPDATE bo.edits
SET metadata = after -> 'metadata',
    text = after -> 'text',
    parametrization = after -> 'parametrization';
ALTER TABLE bo.edits DROP COLUMN before, DROP COLUMN after;
