//! The nomenclature catalogue users pick a classement from (fictive installations, added
//! classements).

use crate::client::Client;
use crate::error::DbError;
use crate::installations::like_escaped;
use envinorma_core::Regime;
use tokio_postgres::Row;

/// One line of the nomenclature: a rubrique, a régime and maybe an alinéa.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassementReference {
    pub id: i64,
    pub rubrique: String,
    pub regime: Regime,
    pub alinea: Option<String>,
    pub description: Option<String>,
}

const COLUMNS: &str = "id, rubrique, regime, alinea, description";

fn reference(row: &Row) -> ClassementReference {
    ClassementReference {
        id: row.get(0),
        rubrique: row.get(1),
        // The schema's CHECK allows only A, E, D and NC.
        regime: Regime::parse(row.get(2)).unwrap_or(Regime::Unknown),
        alinea: row.get(3),
        description: row.get(4),
    }
}

/// One reference by id.
pub async fn get(client: &impl Client, id: i64) -> Result<Option<ClassementReference>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM classement_references WHERE id = $1");
    Ok(client
        .query_opt(&sql, &[&id])
        .await?
        .as_ref()
        .map(reference))
}

/// References whose description, or "rubrique régime alinéa", contains `query`, at most
/// `limit`, in nomenclature order. Case and accents are ignored ("entrepot" finds
/// "Entrepôts"), and `%`, `_` are plain characters.
pub async fn search(
    client: &impl Client,
    query: &str,
    limit: i64,
) -> Result<Vec<ClassementReference>, DbError> {
    // A few hundred rows: a sequential scan is as fast as any index.
    let sql = format!(
        "SELECT {COLUMNS} FROM classement_references
         WHERE search_form(description) LIKE {pattern}
            OR search_form(concat_ws(' ', rubrique, regime, alinea)) LIKE {pattern}
         ORDER BY rubrique, array_position(ARRAY['A', 'E', 'D', 'NC'], regime), alinea NULLS FIRST, id
         LIMIT $2",
        pattern = "('%' || search_form($1) || '%')",
    );
    let rows = client
        .query(&sql, &[&like_escaped(query.trim()), &limit])
        .await?;
    Ok(rows.iter().map(reference).collect())
}
