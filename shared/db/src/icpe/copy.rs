//! The one way the ICPE tables are bulk-written: rows streamed with binary COPY and, for the
//! tables kept by key (installations, APs, the catalogue), into a staging table merged with
//! set-based SQL: remove what the file no longer has, update what changed, insert what is new.

use super::{Changes, count};
use crate::error::DbError;
use postgres_types::ToSql;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::Type;
use tokio_postgres::{Row, Transaction};

/// One row of a binary COPY: its `N` values, in the order of the statement's columns. Rows are
/// owned tuples (built by moving a record's fields), so nothing is copied or boxed per value.
pub(super) trait CopyRow<const N: usize>: Send {
    /// The values, borrowed from the row.
    fn values(&self) -> [&(dyn ToSql + Sync); N];
}

macro_rules! copy_row_for_tuples {
    ($($n:literal: ($($t:ident $i:tt),+);)+) => {$(
        impl<$($t: ToSql + Sync + Send),+> CopyRow<$n> for ($($t,)+) {
            fn values(&self) -> [&(dyn ToSql + Sync); $n] {
                [$(&self.$i),+]
            }
        }
    )+};
}

copy_row_for_tuples! {
    5: (A 0, B 1, C 2, D 3, E 4);
    8: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    10: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
    11: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
}

/// A `COPY … FROM STDIN (FORMAT binary)` statement and the types of its `N` columns.
pub(super) struct Copy<const N: usize> {
    pub statement: &'static str,
    pub types: [Type; N],
}

/// Streams `rows` with `copy`; the first failing row stops everything (the caller's transaction
/// is then rolled back). Returns the rows written.
pub(super) async fn copy_rows<R: CopyRow<N>, const N: usize>(
    tx: &Transaction<'_>,
    copy: &Copy<N>,
    rows: impl Iterator<Item = Result<R, DbError>> + Send,
) -> Result<u64, DbError> {
    let writer = BinaryCopyInWriter::new(tx.copy_in(copy.statement).await?, &copy.types);
    futures::pin_mut!(writer);
    for row in rows {
        writer.as_mut().write(&row?.values()).await?;
    }
    Ok(writer.finish().await?)
}

/// The statements of a table replaced through a staging table.
pub(super) struct StagedTable<const N: usize> {
    /// Creates the staging table (`CREATE TEMP TABLE … ON COMMIT DROP`).
    pub stage: &'static str,
    /// Its name, to analyse it once filled.
    pub staging: &'static str,
    /// Fills it.
    pub copy: Copy<N>,
    /// Deletes the rows the staging table lacks; a query whose first column counts them (the
    /// others are the table's own, given back to the caller).
    pub remove: &'static str,
    /// Updates the rows whose values changed; its count is the rows updated.
    pub update: &'static str,
    /// Inserts the new rows; its count is the rows inserted.
    pub insert: &'static str,
}

/// Makes `table` exactly `rows`: staged, then removed / updated / inserted in that order
/// (removals first, so that a key freed by one row can be taken by another). Returns the
/// changes and the whole row of the removal query.
pub(super) async fn replace_staged<R: CopyRow<N>, const N: usize>(
    tx: &Transaction<'_>,
    table: &StagedTable<N>,
    rows: impl Iterator<Item = Result<R, DbError>> + Send,
) -> Result<(Changes, Row), DbError> {
    tx.batch_execute(table.stage).await?;
    let staged = copy_rows(tx, &table.copy, rows).await?;
    // The merge joins the staging table with the target: without statistics the planner takes
    // it for a tiny table and may choose nested loops over a national file.
    tx.batch_execute(&format!("ANALYZE {}", table.staging))
        .await?;
    let removed = tx.query_one(table.remove, &[]).await?;
    let updated = tx.execute(table.update, &[]).await?;
    let inserted = tx.execute(table.insert, &[]).await?;
    let changes = Changes {
        inserted,
        updated,
        deleted: count(&removed, 0),
        unchanged: staged.saturating_sub(inserted + updated),
    };
    Ok((changes, removed))
}
