//! The function as Lambda runs it (see `envinorma_lambda`): the dataset its triggers import.

use crate::Handled;
use crate::prepared::ImportOptions;
use envinorma_cloud::ObjectEvent;
use envinorma_lambda::{Error, ObjectFunction, Ports, Told};

/// The icpe-import function.
pub struct IcpeImport {
    options: ImportOptions,
}

#[async_trait::async_trait]
impl ObjectFunction for IcpeImport {
    const NAME: &'static str = "icpe-import";

    fn from_env() -> Result<IcpeImport, Error> {
        Ok(IcpeImport {
            options: ImportOptions::from_env()?,
        })
    }

    async fn handle(&self, ports: &Ports, event: &ObjectEvent) -> Result<Told, Error> {
        let handled = crate::handle(&ports.store, &ports.pool, &self.options, event).await?;
        Ok(match handled {
            Handled::Ignored(_) | Handled::Waiting(_) => Told::default(),
            Handled::Prepared(report) => Told::summary(report.summary_line()),
            Handled::Imported(report) => {
                let rows = report
                    .tables
                    .iter()
                    .map(|table| table.inserted + table.updated + table.deleted)
                    .sum();
                Told::summary(report.summary()).count("RowsImported", rows)
            }
        })
    }
}
