-- What the search in AP texts needs at national scale (300,000 pages).
--
-- The département filter, and the list of départements offered: without an index both read
-- every installation (30-60 ms at national scale, on every search with the filter); with it,
-- the filter reads its département's installations only, and the list is read by skipping
-- from one département to the next (a hundred index lookups). Updates of other columns stay
-- HOT (migration 0011).
CREATE INDEX installations_department_idx ON installations (department) WHERE user_id IS NULL;

-- Each page's words and their positions (3 KB a page) are read for every page a search ranks,
-- and for every page it checks when it does not start from the index of words (a frequent
-- word, a département). Kept out of line, as a value this size is by default, each read
-- fetched it from the TOAST table through its index, uncounted by the planner, which then
-- chose to read the table for frequent words: 60-150 ms a search. Kept in the row, it costs a
-- bigger table, and a search 20-40 ms. Pages written before keep their place until rewritten.
ALTER TABLE ap_pages ALTER COLUMN search SET STORAGE MAIN;

-- Where a search starts depends on how many pages hold its words. By default the statistics
-- know the 1,000 most frequent words only, and the planner took any other for a rare one:
-- "légionelles", on 4 % of the pages, searched from the index of words in a département
-- (230 ms instead of 25). Ten times more words known cost a longer ANALYZE (6 s at 300,000
-- pages).
ALTER TABLE ap_pages ALTER COLUMN search SET STATISTICS 1000;
