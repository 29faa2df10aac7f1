-- The search in AP texts filters by département, and offers the départements of public
-- installations to choose from. Without an index, both read every installation (30-60 ms at
-- national scale, on every search with the filter); with it, the filter reads its
-- département's installations only, and the list is read by skipping from one département to
-- the next (a hundred index lookups). Updates of other columns stay HOT (migration 0011).
CREATE INDEX installations_department_idx ON installations (department) WHERE user_id IS NULL;
