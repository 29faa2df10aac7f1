//! `cer TRUTH_DIR TEXT_DIR`: the character error rate of each `TEXT_DIR/NAME.txt` against
//! `TRUTH_DIR/NAME.txt`, with the tests' computation (`envinorma_ocr::cer`), so that
//! `scripts/bench-ocr.sh` scores every tool as the tests score ours. Prints one line a file,
//! then the corpus and the worst file (tab-separated, rates in %).

use envinorma_ocr::cer::Errors;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [truths, texts] = &args[..] else {
        eprintln!("usage: cer TRUTH_DIR TEXT_DIR");
        return ExitCode::from(2);
    };
    match score(truths, texts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("cer: {message}");
            ExitCode::FAILURE
        }
    }
}

fn score(truths: &Path, texts: &Path) -> Result<(), String> {
    let read =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let mut names: Vec<PathBuf> = std::fs::read_dir(texts)
        .map_err(|e| format!("{}: {e}", texts.display()))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("no .txt file in {}", texts.display()));
    }
    let mut corpus = Errors::default();
    let mut worst: Option<(f64, String)> = None;
    for path in &names {
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        let truth = truths.join(path.file_name().unwrap_or_default());
        let errors = Errors::of(&read(path)?, &read(&truth)?);
        let rate = errors.rate() * 100.0;
        println!("{name}\t{rate:.2}");
        if worst.as_ref().is_none_or(|(max, _)| rate > *max) {
            worst = Some((rate, name.into_owned()));
        }
        corpus = corpus + errors;
    }
    println!("corpus\t{:.2}", corpus.rate() * 100.0);
    if let Some((rate, name)) = worst {
        println!("worst\t{rate:.2}\t{name}");
    }
    Ok(())
}
