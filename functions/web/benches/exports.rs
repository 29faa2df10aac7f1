//! The exports of a large recap: a fiche of 300 prescriptions (20 of them tables), and the
//! GUN file of the same. Targets: ≤ 30 ms for the fiche, ≤ 20 ms for the GUN file.
//!
//! `cargo bench -p envinorma-web --bench exports` (prints the files' sizes first).

use criterion::{Criterion, criterion_group, criterion_main};
use envinorma_core::Date;
use envinorma_db::prescriptions::{Prescription, Status};
use envinorma_web::exports::{ExportHeader, fiche, gun};
use std::hint::black_box;

/// A 6×4 table with a header spanning two columns, as AM tables are.
fn table_json() -> String {
    let cell = |text: String, colspan: u32| {
        format!(r#"{{"content":{{"text":"{text}"}},"colspan":{colspan},"rowspan":1}}"#)
    };
    let header = format!(
        r#"{{"is_header":true,"cells":[{},{},{}]}}"#,
        cell("Paramètre".into(), 2),
        cell("Jour".into(), 1),
        cell("Nuit".into(), 1)
    );
    let rows: Vec<String> = (0..5)
        .map(|r| {
            let cells: Vec<String> = (0..4).map(|c| cell(format!("{r}.{c} mg/m3"), 1)).collect();
            format!(r#"{{"cells":[{}]}}"#, cells.join(","))
        })
        .collect();
    format!(r#"{{"rows":[{header},{}]}}"#, rows.join(","))
}

fn prescriptions() -> Vec<Prescription> {
    let table = table_json();
    (0..300)
        .map(|i| {
            let is_table = i % 15 == 0;
            let from_am = i % 10 != 9;
            Prescription {
                id: i,
                from_am_id: from_am.then(|| format!("JORFTEXT{:012}", i % 3)),
                alinea_id: from_am.then(|| format!("section{}_{}", i / 4, i % 4)),
                reference: format!("Article {}", i / 4),
                name: Some(format!("Section {}", i / 4)),
                content: if is_table {
                    table.clone()
                } else {
                    "Les émissions de poussières sont limitées à 100 mg/m3 ; \
                     l'exploitant tient un registre des mesures.\nDeuxième ligne."
                        .repeat(2)
                },
                is_table,
                text_reference: Some(if from_am {
                    format!("AM - 0{}/04/19 - 2521 E", 1 + i % 3)
                } else {
                    "AP - 27/04/21".to_string()
                }),
                rank: from_am.then(|| format!("{}.{}", i / 4, i % 4)),
                topic: ["AIR_ODEURS", "EAU", "BRUIT_VIBRATIONS", "AUCUN"][i as usize % 4].into(),
                status: Status::ALL[i as usize % 4],
                comment: if i % 2 == 0 {
                    "Vu sur place.".into()
                } else {
                    String::new()
                },
                created_at_micros: i,
            }
        })
        .collect()
}

fn exports(c: &mut Criterion) {
    let prescriptions = prescriptions();
    assert_eq!(prescriptions.iter().filter(|p| p.is_table).count(), 20);
    let header = ExportHeader {
        installation_name: "EVA INDUSTRIES",
        s3ic_id: Some("0065.06351"),
        date: Date::new(2021, 4, 27).unwrap(),
    };
    for (name, size) in [
        (
            "fiche",
            fiche(&prescriptions, false, &header).unwrap().len(),
        ),
        (
            "fiche by topic",
            fiche(&prescriptions, true, &header).unwrap().len(),
        ),
        ("GUN", gun(&prescriptions, &header).unwrap().len()),
    ] {
        println!("{name}: {size} bytes for 300 prescriptions");
    }
    c.bench_function("fiche, 300 prescriptions (20 tables)", |b| {
        b.iter(|| fiche(black_box(&prescriptions), false, &header).unwrap())
    });
    c.bench_function("fiche by topic, 300 prescriptions", |b| {
        b.iter(|| fiche(black_box(&prescriptions), true, &header).unwrap())
    });
    c.bench_function("GUN, 300 prescriptions", |b| {
        b.iter(|| gun(black_box(&prescriptions), &header).unwrap())
    });
}

criterion_group!(benches, exports);
criterion_main!(benches);
