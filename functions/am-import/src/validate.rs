//! Every AM of an archive is parsed and checked before anything is written.

use crate::report::FileProblem;
use envinorma_core::{ArreteMinisteriel, parse_am, validate_am};
use std::collections::HashMap;

/// The AMs of the archive, or every problem of every file: one bad file stops the import.
pub fn parse_all(files: &[(String, Vec<u8>)]) -> Result<Vec<ArreteMinisteriel>, Vec<FileProblem>> {
    let mut ams = Vec::with_capacity(files.len());
    let mut problems = Vec::new();
    let mut first_file_of: HashMap<String, &str> = HashMap::new();
    for (name, content) in files {
        let am = match parse_am(name, content) {
            Ok(am) => am,
            Err(error) => {
                problems.push(FileProblem {
                    file: name.clone(),
                    problem: error.to_string(),
                });
                continue;
            }
        };
        let mut file_problems = validate_am(&am);
        if *name != format!("{}.json", am.id) {
            file_problems.push(format!(
                "id {:?}: the file should be named {}.json",
                am.id, am.id
            ));
        }
        if let Some(first) = first_file_of.insert(am.id.clone(), name) {
            file_problems.push(format!("id {:?}: already the id of {first}", am.id));
        }
        problems.extend(file_problems.into_iter().map(|problem| FileProblem {
            file: name.clone(),
            problem,
        }));
        ams.push(am);
    }
    if problems.is_empty() {
        Ok(ams)
    } else {
        Err(problems)
    }
}
