//! The metadata form of the back-office (spec A.5, "Metadata"): what an editor typed, checked
//! field by field into an [`AmMetadata`], or every mistake with its French message.

use super::metadata::{AmMetadata, AmSource, AmState};
use crate::am::{AmClassement, is_cid, title_signature_date};

/// The shortest reason a deletion takes, in the form and in the deletion alike (the original
/// asked for 10 characters in one and more than 10 in the other).
pub const MIN_DELETION_REASON: usize = 10;

/// The fields as posted (text as typed; empty when left blank).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetadataForm {
    pub cid: String,
    pub title: String,
    /// Whether the text has a NOR number; when not, `nor` must be blank.
    pub has_nor: bool,
    pub nor: String,
    pub nickname: String,
    pub is_transverse: bool,
    pub aida_page: String,
    /// (rubrique, régime, alinéa) rows; rows left entirely blank are ignored.
    pub classements: Vec<[String; 3]>,
    pub state: String,
    pub reason_deleted: String,
    pub source: String,
}

/// A mistake: the field it is in (the form's field name) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Whether an id can name a new AM: a Légifrance CID, or a made-up one containing `FAKE`
/// (never published) of letters, digits and `_`.
pub fn is_new_am_id(id: &str) -> bool {
    is_cid(id)
        || (id.contains("FAKE")
            && id.len() <= 40
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
}

/// The message for an id that cannot name a new AM.
pub const INVALID_AM_ID: &str = "L’identifiant doit être un CID Légifrance de 20 caractères \
    (JORFTEXT ou LEGITEXT suivi de 12 chiffres), ou contenir FAKE pour un arrêté fictif.";

impl MetadataForm {
    /// The form of existing metadata, to edit.
    pub fn of(metadata: &AmMetadata) -> MetadataForm {
        MetadataForm {
            cid: metadata.cid.clone(),
            title: metadata.title.clone(),
            has_nor: metadata.nor.is_some(),
            nor: metadata.nor.clone().unwrap_or_default(),
            nickname: metadata.nickname.clone().unwrap_or_default(),
            is_transverse: metadata.is_transverse,
            aida_page: metadata.aida_page.clone(),
            classements: metadata
                .classements
                .iter()
                .map(|c| {
                    [
                        c.rubrique.clone(),
                        c.regime.clone(),
                        c.alinea.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            state: state_code(metadata.state).to_owned(),
            reason_deleted: metadata.reason_deleted.clone().unwrap_or_default(),
            source: match metadata.source {
                AmSource::Legifrance => "LEGIFRANCE",
                AmSource::Aida => "AIDA",
            }
            .to_owned(),
        }
    }

    /// The metadata the form gives, or every mistake in it.
    pub fn parse(&self) -> Result<AmMetadata, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut error = |field, message: &str| {
            errors.push(FieldError {
                field,
                message: message.to_owned(),
            })
        };
        let cid = self.cid.trim();
        if !is_new_am_id(cid) {
            error("cid", INVALID_AM_ID);
        }
        let title = self.title.trim();
        let date = title_signature_date(title);
        if date.is_none() {
            error(
                "title",
                "Le titre doit donner la date de signature au format JJ/MM/AA juste avant \
                 « relatif » ou « fixant », par exemple « Arrêté du 01/02/21 relatif aux… ».",
            );
        }
        let aida_page = self.aida_page.trim();
        if aida_page.is_empty() || !aida_page.bytes().all(|b| b.is_ascii_digit()) {
            error(
                "aida_page",
                "La page AIDA doit être un nombre : celui de l’adresse de l’arrêté sur aida.ineris.fr.",
            );
        }
        let nor = self.nor.trim();
        if self.has_nor && nor.chars().count() != 12 {
            error(
                "nor",
                "Le NOR doit compter 12 caractères, par exemple DEVP0123456A.",
            );
        }
        if !self.has_nor && !nor.is_empty() {
            error(
                "nor",
                "Laissez le NOR vide, ou indiquez que l’arrêté en a un.",
            );
        }
        let mut classements = Vec::new();
        for (row, [rubrique, regime, alinea]) in self.classements.iter().enumerate() {
            let (rubrique, regime, alinea) = (rubrique.trim(), regime.trim(), alinea.trim());
            if rubrique.is_empty() && regime.is_empty() && alinea.is_empty() {
                continue;
            }
            let line = row + 1;
            let valid_rubrique = rubrique.len() == 4
                && rubrique.bytes().all(|b| b.is_ascii_digit())
                && rubrique.starts_with(['1', '2', '3', '4', '5']);
            if !valid_rubrique {
                error(
                    "classements",
                    &format!(
                        "Classement n°{line} : la rubrique doit compter 4 chiffres, le premier de 1 à 5 (par exemple 2510)."
                    ),
                );
            }
            if !matches!(regime, "A" | "E" | "D") {
                error(
                    "classements",
                    &format!("Classement n°{line} : le régime doit être A, E ou D."),
                );
            }
            classements.push(AmClassement {
                rubrique: rubrique.to_owned(),
                regime: regime.to_owned(),
                alinea: (!alinea.is_empty()).then(|| alinea.to_owned()),
                state: Some("ACTIVE".to_owned()),
            });
        }
        let state = match self.state.trim() {
            "EN_CREATION" => Some(AmState::EnCreation),
            "VIGUEUR" => Some(AmState::Vigueur),
            "ABROGE" => Some(AmState::Abroge),
            "DELETED" => Some(AmState::Deleted),
            _ => None,
        };
        if state.is_none() {
            error("state", "Choisissez le statut de l’arrêté.");
        }
        let reason = self.reason_deleted.trim();
        match state {
            Some(AmState::Deleted) if reason.chars().count() < MIN_DELETION_REASON => error(
                "reason_deleted",
                &format!(
                    "Le motif de suppression doit compter au moins {MIN_DELETION_REASON} caractères."
                ),
            ),
            Some(AmState::Deleted) | None => {}
            Some(_) if !reason.is_empty() => error(
                "reason_deleted",
                "Un motif de suppression n’a de sens que pour un arrêté supprimé : laissez-le vide.",
            ),
            Some(_) => {}
        }
        let source = match self.source.trim() {
            "LEGIFRANCE" => Some(AmSource::Legifrance),
            "AIDA" => Some(AmSource::Aida),
            _ => None,
        };
        if source.is_none() {
            error(
                "source",
                "Choisissez la source du texte : Légifrance ou AIDA.",
            );
        }
        match (date, state, source) {
            (Some(date_of_signature), Some(state), Some(source)) if errors.is_empty() => {
                Ok(AmMetadata {
                    cid: cid.to_owned(),
                    aida_page: aida_page.to_owned(),
                    title: title.to_owned(),
                    classements,
                    state,
                    date_of_signature,
                    source,
                    nor: self.has_nor.then(|| nor.to_owned()),
                    reason_deleted: (state == AmState::Deleted).then(|| reason.to_owned()),
                    is_transverse: self.is_transverse,
                    nickname: Some(self.nickname.trim())
                        .filter(|n| !n.is_empty())
                        .map(str::to_owned),
                })
            }
            _ => Err(errors),
        }
    }
}

/// A state as the form and the stored document write it.
pub fn state_code(state: AmState) -> &'static str {
    match state {
        AmState::EnCreation => "EN_CREATION",
        AmState::Vigueur => "VIGUEUR",
        AmState::Abroge => "ABROGE",
        AmState::Deleted => "DELETED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The original's valid creation (test_create_am).
    fn valid() -> MetadataForm {
        MetadataForm {
            cid: "JORFTEXT000012345678".into(),
            title: "Arrêté du 01/02/21 relatif aux...".into(),
            has_nor: true,
            nor: "DEVP0123456A".into(),
            aida_page: "1234".into(),
            classements: vec![["5000".into(), "E".into(), "A.2".into()]],
            state: "VIGUEUR".into(),
            source: "LEGIFRANCE".into(),
            ..MetadataForm::default()
        }
    }

    #[test]
    fn a_valid_form_gives_the_metadata_with_the_titles_date() {
        let metadata = valid().parse().unwrap();
        assert_eq!(metadata.date_of_signature.to_string(), "2021-02-01");
        assert_eq!(metadata.classements[0].alinea.as_deref(), Some("A.2"));
        assert_eq!(metadata.nor.as_deref(), Some("DEVP0123456A"));
        assert_eq!((metadata.reason_deleted, metadata.nickname), (None, None));
        assert_eq!(
            MetadataForm::of(&valid().parse().unwrap()).parse(),
            valid().parse()
        );
    }

    #[test]
    fn each_invalid_variant_names_its_field() {
        type Change = fn(&mut MetadataForm);
        let variants: [(&str, Change); 15] = [
            ("cid", |f| f.cid = "JORFTEXT00001234567".into()),
            ("cid", |f| f.cid = "JORFTEXT0000123456789".into()),
            ("cid", |f| f.cid = "../FAKE".into()),
            ("title", |f| {
                f.title = "Arrêté du 1er février 2021 relatif aux...".into()
            }),
            ("title", |f| {
                f.title = "Arrêté du 31/02/21 relatif aux...".into()
            }),
            ("aida_page", |f| f.aida_page = "".into()),
            ("aida_page", |f| f.aida_page = "12a".into()),
            ("nor", |f| f.nor = "DEVP0123456".into()),
            ("nor", |f| f.has_nor = false),
            ("classements", |f| f.classements[0][0] = "6000".into()),
            ("classements", |f| f.classements[0][0] = "25a0".into()),
            ("classements", |f| f.classements[0][1] = "NC".into()),
            ("state", |f| f.state = "".into()),
            ("reason_deleted", |f| f.reason_deleted = "abrogé".into()),
            ("source", |f| f.source = "".into()),
        ];
        for (field, change) in variants {
            let mut form = valid();
            change(&mut form);
            let errors = form.parse().unwrap_err();
            assert_eq!(
                errors.iter().map(|e| e.field).collect::<Vec<_>>(),
                [field],
                "{form:?}"
            );
        }
    }

    #[test]
    fn a_deletion_needs_a_reason_of_ten_characters_at_least() {
        let mut form = valid();
        form.state = "DELETED".into();
        form.reason_deleted = "123456789".into();
        assert_eq!(
            form.parse().unwrap_err()[0].message,
            "Le motif de suppression doit compter au moins 10 caractères."
        );
        form.reason_deleted = "1234567890".into();
        let metadata = form.parse().unwrap();
        assert_eq!(metadata.reason_deleted.as_deref(), Some("1234567890"));
    }

    #[test]
    fn made_up_ids_contain_fake_and_nothing_a_url_or_a_path_would_read() {
        assert!(is_new_am_id("FAKE_CID"));
        assert!(is_new_am_id("LEGITEXT000012345678"));
        for id in ["FAKE/..", "fake", "FAKE CID", ""] {
            assert!(!is_new_am_id(id), "{id}");
        }
    }
}
