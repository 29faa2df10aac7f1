//! The installation page (`/installations/:id`): details, classements, the AMs and APs to
//! choose from, and the link to read them.

use crate::paths;
use crate::security::CsrfToken;
use crate::selection::Selection;
use crate::views::ap_reading::ap_label;
use crate::views::format::{am_reference, long_date, seveso_label};
use crate::views::layout::Layout;
use askama::Template;
use envinorma_core::classement::sort_by_regime;
use envinorma_core::{AmListEntry, ArreteMinisteriel, Regime};
use envinorma_db::aps::StoredAp;
use envinorma_db::installations::{Installation, StoredClassement};

/// Who looks at the installation, which decides the links offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The user owns it (a fictive installation or a copy): edit links.
    Owner { is_copy: bool },
    /// A public installation the user already copied: a link to the copy.
    HasCopy { copy_id: i64 },
    /// Anyone else: offer to make a copy.
    Visitor,
}

/// What the page shows, as the caller gathered it.
#[derive(Debug, Clone, Copy)]
pub struct InstallationInput<'a> {
    pub installation: &'a Installation,
    pub classements: &'a [StoredClassement],
    /// The applicable-AM list (core), in its order.
    pub ams: &'a [AmListEntry<'a>],
    pub transverse_ams: &'a [&'a ArreteMinisteriel],
    /// Sorted here by date, most recent first.
    pub aps: &'a [StoredAp],
    /// The selection of the URL, `None` for the default ticks.
    pub selection: Option<&'a Selection>,
    pub viewer: Viewer,
    pub csrf: &'a CsrfToken,
}

/// A row of the classements table.
#[derive(Debug, Clone)]
pub struct ClassementView<'a> {
    pub rubrique: &'a str,
    pub rubrique_acte: &'a str,
    pub alinea: &'a str,
    pub alinea_acte: &'a str,
    pub regime: &'static str,
    pub regime_acte: &'static str,
    pub activite: &'a str,
    pub date_autorisation: String,
    pub date_mise_en_service: String,
    pub volume: &'a str,
}

/// An arrêté to tick (AM or AP).
#[derive(Debug, Clone)]
pub struct ArreteChoice {
    /// The checkbox id: `am_<cid>` or `ap_<position>`.
    pub checkbox_id: String,
    /// The id carried in URLs (CID or georisques id).
    pub id: String,
    pub label: String,
    /// The AM's full title, shown as a tooltip.
    pub title: String,
    pub checked: bool,
    /// Not applicable AMs are greyed out.
    pub applicable: bool,
    /// Joined with " - "; empty when none.
    pub warnings: String,
}

/// The page, ready to render.
#[derive(Debug, Template)]
#[template(path = "installation.html")]
pub struct InstallationPage<'a> {
    pub layout: Layout,
    pub installation: &'a Installation,
    pub viewer: Viewer,
    pub has_classements: bool,
    pub classements: Vec<ClassementView<'a>>,
    pub ams: Vec<ArreteChoice>,
    pub transverse_ams: Vec<ArreteChoice>,
    pub aps: Vec<ArreteChoice>,
    /// The AM/AP page of the ticked boxes, and the same without parameters (for scripts).
    pub prescriptions_url: String,
    pub arretes_path: String,
    /// Whether anything is ticked (else the link is hidden).
    pub any_checked: bool,
    pub csrf: &'a CsrfToken,
}

impl<'a> InstallationPage<'a> {
    /// Builds the page's views.
    pub fn new(layout: Layout, input: InstallationInput<'a>) -> InstallationPage<'a> {
        let selection = input.selection;
        let ams: Vec<ArreteChoice> = input
            .ams
            .iter()
            .map(|entry| {
                let checked = selection.map_or(entry.applicable, |s| s.has_am(&entry.am.id));
                am_choice(
                    entry.am,
                    input.classements,
                    checked,
                    entry.applicable,
                    &entry.warnings,
                )
            })
            .collect();
        let transverse_ams: Vec<ArreteChoice> = input
            .transverse_ams
            .iter()
            .map(|am| {
                let checked = selection.is_some_and(|s| s.has_am(&am.id));
                am_choice(
                    am,
                    input.classements,
                    checked,
                    true,
                    &am.applicability.warnings,
                )
            })
            .collect();
        let mut aps: Vec<&StoredAp> = input.aps.iter().collect();
        // Most recent first; stable, so APs of the same date keep the stored order.
        aps.sort_by_key(|ap| std::cmp::Reverse(ap.date));
        let aps: Vec<ArreteChoice> = aps
            .into_iter()
            .enumerate()
            .map(|(position, ap)| ArreteChoice {
                checkbox_id: format!("ap_{position}"),
                id: ap.georisques_id.clone(),
                label: ap_label(ap),
                title: String::new(),
                checked: selection.is_none_or(|s| s.has_ap(&ap.georisques_id)),
                applicable: true,
                warnings: String::new(),
            })
            .collect();
        let checked = |choices: &[ArreteChoice]| -> Vec<String> {
            choices
                .iter()
                .filter(|c| c.checked)
                .map(|c| c.id.clone())
                .collect()
        };
        let ticked = Selection {
            am_ids: [checked(&ams), checked(&transverse_ams)].concat(),
            ap_ids: checked(&aps),
        };
        let installation_id = input.installation.id;
        InstallationPage {
            layout,
            installation: input.installation,
            viewer: input.viewer,
            has_classements: !input.classements.is_empty(),
            classements: classement_views(input.classements),
            any_checked: !ticked.am_ids.is_empty() || !ticked.ap_ids.is_empty(),
            prescriptions_url: paths::arretes_with(installation_id, &ticked),
            arretes_path: paths::arretes(installation_id),
            ams,
            transverse_ams,
            aps,
            csrf: input.csrf,
        }
    }

    /// The details block (location, activity, status) is hidden for fictive installations.
    pub fn shows_details(&self) -> bool {
        !self.installation.is_fictive()
    }

    /// The Seveso status label, or an empty string.
    pub fn seveso(&self) -> &str {
        self.installation
            .seveso
            .as_deref()
            .map(seveso_label)
            .unwrap_or_default()
    }

    /// The installation's régime label, or an empty string.
    pub fn regime(&self) -> &'static str {
        self.installation
            .regime
            .map(Regime::label)
            .unwrap_or_default()
    }

    /// The last inspection date, `dd/mm/YYYY`.
    pub fn last_inspection(&self) -> String {
        long_date(self.installation.last_inspection)
    }
}

fn am_choice(
    am: &ArreteMinisteriel,
    classements: &[StoredClassement],
    checked: bool,
    applicable: bool,
    warnings: &[String],
) -> ArreteChoice {
    ArreteChoice {
        checkbox_id: format!("am_{}", am.id),
        id: am.id.clone(),
        label: am_reference(am, classements),
        title: am.title.text.clone(),
        checked,
        applicable,
        warnings: warnings.join(" - "),
    }
}

/// The classements, strictest régime first (A, E, D, NC, unknown; ties in stored order).
pub fn classement_views(classements: &[StoredClassement]) -> Vec<ClassementView<'_>> {
    let mut sorted: Vec<&StoredClassement> = classements.iter().collect();
    sort_by_regime(&mut sorted, |c| c.details.regime);
    sorted
        .into_iter()
        .map(|c| ClassementView {
            rubrique: &c.details.rubrique,
            rubrique_acte: c.details.rubrique_acte.as_deref().unwrap_or_default(),
            alinea: c.details.alinea.as_deref().unwrap_or_default(),
            alinea_acte: c.details.alinea_acte.as_deref().unwrap_or_default(),
            regime: c.details.regime.label(),
            regime_acte: c.details.regime_acte.map(Regime::label).unwrap_or_default(),
            activite: c.details.activite.as_deref().unwrap_or_default(),
            date_autorisation: long_date(c.details.date_autorisation),
            date_mise_en_service: long_date(c.details.date_mise_en_service),
            volume: c.details.volume.normalised().unwrap_or_default().trim(),
        })
        .collect()
}
