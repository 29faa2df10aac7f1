//! `envinorma ocr IN.pdf -o OUT.pdf`: the OCR function's page pipeline on a local file,
//! touching no database or bucket. Prints what happened: OCRed, passed through, or refused
//! with its one-line reason (then a non-zero exit and no output file).

use anyhow::{Context, bail};
use envinorma_ocr::{Pipeline, Verdict};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The document to read.
    input: PathBuf,
    /// Where the searchable PDF goes (a document that already has text is copied unchanged).
    #[arg(short, long)]
    output: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let pipeline = Pipeline::new()?;
    let (pdf, outcome) = match pipeline.inspect(&bytes) {
        Err(refusal) => bail!("{}: refused: {refusal}", args.input.display()),
        Ok(Verdict::PassThrough { pages }) => (
            bytes,
            format!("passed through: {pages} pages already have text (copied unchanged)"),
        ),
        Ok(Verdict::Ocr { pages }) => {
            let bar = ProgressBar::new(u64::from(pages)).with_style(
                ProgressStyle::with_template("OCR {bar:30} {pos}/{len} pages")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let searchable = pipeline
                .searchable(&bytes, |page| bar.set_position(u64::from(page)))
                .with_context(|| format!("{}", args.input.display()))?;
            bar.finish_and_clear();
            (
                searchable.pdf,
                format!("OCRed: {pages} pages made searchable"),
            )
        }
    };
    std::fs::write(&args.output, &pdf)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    println!(
        "{outcome} → {} ({} bytes)",
        args.output.display(),
        pdf.len()
    );
    Ok(())
}
