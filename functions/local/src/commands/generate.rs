//! `envinorma generate`: made-up prepared CSVs at national scale, for import benchmarks.
//! Deterministic (a fixed seed), so two runs give the same files.

use anyhow::Context;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write `installations_all.csv`, `classements_all.csv` and `aps_all.csv` into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Number of installations (classements: 6 each, APs: 3 each).
    #[arg(long, default_value_t = 100_000)]
    installations: u32,
    /// Seed of the pseudo-random choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

const CLASSEMENTS_PER_INSTALLATION: u32 = 6;
const APS_PER_INSTALLATION: u32 = 3;
const REGIMES: [&str; 5] = ["A", "E", "D", "NC", "unknown"];
const RUBRIQUES: [&str; 12] = [
    "2521", "2515", "2910", "1510", "2710", "4734", "2260", "2160", "1185", "47xx", "2101", "3110",
];
const UNITS: [&str; 6] = ["t", "m3", "kW", "MW", "t/j", ""];
const DEPARTMENTS: [(&str, &str, &str); 4] = [
    ("75", "ILE DE FRANCE", "PARIS"),
    ("69", "AUVERGNE RHONE ALPES", "RHONE"),
    ("13", "PROVENCE ALPES COTE D AZUR", "BOUCHES DU RHONE"),
    ("59", "HAUTS DE FRANCE", "NORD"),
];

/// A small linear congruential generator: enough variety for benchmarks, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn date(&mut self) -> String {
        format!(
            "{}-{:02}-{:02}",
            1970 + self.next() % 55,
            1 + self.next() % 12,
            1 + self.next() % 28
        )
    }
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let create = |name: &str| -> anyhow::Result<BufWriter<std::fs::File>> {
        let path = args.out.join(name);
        Ok(BufWriter::new(std::fs::File::create(&path).with_context(
            || format!("cannot create {}", path.display()),
        )?))
    };
    let mut installations = create("installations_all.csv")?;
    let mut classements = create("classements_all.csv")?;
    let mut aps = create("aps_all.csv")?;
    writeln!(
        installations,
        "s3ic_id,num_dep,region,department,city,name,lat,lon,last_inspection,regime,seveso,family,active,code_postal,code_insee,code_naf"
    )?;
    writeln!(
        classements,
        "s3ic_id,rubrique,alinea,regime,activite,date_autorisation,date_mise_en_service,last_substantial_modif_date,state,rubrique_acte,alinea_acte,regime_acte,volume,unit"
    )?;
    writeln!(
        aps,
        "installation_s3ic_id,description,date,georisques_id,ocr_status,size"
    )?;

    let mut random = Lcg(args.seed);
    for n in 0..args.installations {
        // Distinct ids: the installation number spread over the two parts of the S3IC id.
        let s3ic_id = format!("{:04}.{:05}", 1 + n / 100_000, n % 100_000);
        let (dep, region, department) =
            DEPARTMENTS[(random.next() % DEPARTMENTS.len() as u64) as usize];
        writeln!(
            installations,
            "{s3ic_id},{dep},{region},{department},VILLE {},Établissement {n},{},{},{},{},{},Industries,En fonctionnement,{dep}{:03},{dep}{:03},{:02}.{:02}Z",
            random.next() % 500,
            600_000 + random.next() % 100_000,
            6_800_000 + random.next() % 100_000,
            random.date(),
            random.pick(&["A", "E"]),
            random.pick(&["NS", "SB", "SH"]),
            random.next() % 1000,
            random.next() % 1000,
            random.next() % 100,
            random.next() % 100,
        )?;
        for _ in 0..CLASSEMENTS_PER_INSTALLATION {
            let rubrique = random.pick(&RUBRIQUES);
            let regime = random.pick(&REGIMES);
            let unit = random.pick(&UNITS);
            let volume = if unit.is_empty() {
                String::new()
            } else {
                format!("{}.000", random.next() % 100_000)
            };
            writeln!(
                classements,
                "{s3ic_id},{rubrique},{},{regime},Activité {rubrique},{},{},,En fonctionnement,{rubrique},,{regime},{volume},{unit}",
                random.pick(&["1", "2", "2-a", "B-1", ""]),
                random.date(),
                random.date(),
            )?;
        }
        for k in 0..APS_PER_INSTALLATION {
            let hex = format!(
                "{:016x}{:08x}{:08x}",
                u64::from(n) * 7 + u64::from(k),
                random.next() as u32,
                random.next() as u32
            );
            writeln!(
                aps,
                "{s3ic_id},Arrêté préfectoral {k},{},{}/{}/{hex},{},{}",
                random.date(),
                random.pick(&["P", "A", "D"]),
                &hex[..1],
                random.pick(&["SUCCESS", "ERROR", "NOT_ATTEMPTED"]),
                random.next() % 20_000_000,
            )?;
        }
    }
    for file in [&mut installations, &mut classements, &mut aps] {
        file.flush()?;
    }
    println!(
        "wrote {} installations, {} classements, {} APs to {}",
        args.installations,
        args.installations * CLASSEMENTS_PER_INSTALLATION,
        args.installations * APS_PER_INSTALLATION,
        args.out.display()
    );
    Ok(())
}
