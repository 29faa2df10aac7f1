//! Core benchmarks on the real data (read from the shared folder at run time):
//! loading the AMs, the IDF sweep, personalising the largest AM, checking its parametrization's
//! consistency, and the Géorisques dump.
//! Run with `make bench` (or `cargo bench -p envinorma-core`).

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use envinorma_core::authoring::split;
use envinorma_core::georisques::{DumpLimits, OcrState, PublishedInstallation};
use envinorma_core::{parse_am_files, personalise};
use std::hint::black_box;
use std::time::Duration;

/// The largest AM of the corpus (1 MB of JSON) and an installation it applies to.
const LARGEST_AM: &str = "JORFTEXT000037284611";
const LARGEST_AM_INSTALLATION: &str = "0065.00510";

fn load_ams(c: &mut Criterion) {
    c.bench_function("load the AMs from disk", |b| {
        b.iter(|| black_box(parse_am_files(common::json_files("data/ams"))));
    });
}

fn idf_sweep(c: &mut Criterion) {
    let catalog = common::catalog();
    let installations = common::dataset("idf");
    let mut group = c.benchmark_group("IDF sweep");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("AM lists of every installation", |b| {
        b.iter(|| {
            installations
                .iter()
                .map(|i| catalog.am_list(&i.classements).len())
                .sum::<usize>()
        });
    });
    group.bench_function(
        "AM lists, then every (installation, AM) pair personalised",
        |b| {
            b.iter(|| {
                let mut sections = 0;
                for installation in &installations {
                    for entry in catalog.am_list(&installation.classements) {
                        sections += personalise(entry.am, &installation.classements)
                            .sections
                            .len();
                    }
                }
                sections
            });
        },
    );
    group.finish();
}

fn largest_am(c: &mut Criterion) {
    let am = common::am(LARGEST_AM);
    let installation = common::installation("idf", LARGEST_AM_INSTALLATION);
    c.bench_function("personalise the largest AM for one installation", |b| {
        b.iter(|| black_box(personalise(am, &installation.classements)));
    });
}

fn largest_parametrization(c: &mut Criterion) {
    let parametrization = split(common::am(LARGEST_AM))
        .expect("the largest AM splits into its documents")
        .parametrization;
    c.bench_function(
        "check the largest AM's parametrization for consistency",
        |b| {
            b.iter(|| black_box(parametrization.check_consistency()));
        },
    );
}

fn georisques_dump(c: &mut Criterion) {
    let archive = common::read("data/raw/georisques/georisques_dump.tar.gz");
    let installations = common::dataset("idf");
    c.bench_function("Géorisques dump (IDF) to documents and APs", |b| {
        b.iter(|| {
            let published = installations.iter().map(|i| PublishedInstallation {
                s3ic_id: &i.row.s3ic_id,
                region: &i.row.region,
            });
            black_box(envinorma_core::georisques::transform(
                &archive,
                DumpLimits::default(),
                published,
                |_| OcrState::Success { size: 199_821 },
            ))
        });
    });
}

criterion_group!(
    benches,
    load_ams,
    idf_sweep,
    largest_am,
    largest_parametrization,
    georisques_dump
);
criterion_main!(benches);
