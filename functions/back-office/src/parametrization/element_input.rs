//! An element editor's form as posted: its target blocks (a section, and the alinéas or the
//! new text shown for it), its own fields and its condition, kept as typed; the round trips
//! that change it, and the elements it makes once saved.

use super::{Action, ConditionInput, Kind, find_section, new_element_id, one_line, shortened};
use crate::error::BoError;
use crate::forms::Fields;
use envinorma_core::ArreteMinisteriel;
use envinorma_core::am::Section;
use envinorma_core::authoring::{
    AlternativeSection, InapplicableSection, Parametrization, SectionWarning, alternative_content,
    alternative_text, target_alineas, warning_text,
};

/// Most target blocks one form has: each becomes an element.
pub const MAX_BLOCKS: usize = 20;

/// Longest warning, in characters.
const MAX_WARNING_CHARS: usize = 5_000;

/// Longest alternative text, in characters (the longest section of the published AMs has
/// about 60 000).
const MAX_CONTENT_CHARS: usize = 200_000;

/// Longest alinéa label of the checkboxes, in characters.
const ALINEA_LABEL_CHARS: usize = 150;

/// One target block, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockInput {
    /// The chosen section's id.
    pub section: String,
    /// The section whose alinéas and text the block shows: `section` once chosen.
    pub shown: String,
    /// The checked alinéas (from 0).
    pub alineas: Vec<usize>,
    /// The alternative section's text.
    pub content: String,
}

impl BlockInput {
    /// A block on the section `id`, its alinéas all checked and its text as the section's.
    fn on(text: &ArreteMinisteriel, id: &str) -> BlockInput {
        let section = find_section(text, id);
        let alineas = section.map_or(0, |s| s.outer_alineas.len());
        BlockInput {
            section: id.to_owned(),
            shown: id.to_owned(),
            alineas: (0..alineas).collect(),
            content: section.map(alternative_content).unwrap_or_default(),
        }
    }
}

/// One alinéa checkbox of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlineaChoice {
    /// From 0, as posted.
    pub index: usize,
    /// From 1, as editors count.
    pub number: usize,
    pub label: String,
    pub checked: bool,
}

/// An element editor's fields, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementInput {
    pub kind: Kind,
    pub blocks: Vec<BlockInput>,
    /// « Rendre inapplicable les sous-sections ? »
    pub subsections: bool,
    /// The warning's text.
    pub warning: String,
    pub condition: ConditionInput,
}

impl ElementInput {
    /// A new element's form: one block on the first section, subsections included.
    pub fn new(kind: Kind, text: &ArreteMinisteriel) -> ElementInput {
        let first = text.sections.first().map(|s| s.id.as_str()).unwrap_or("");
        ElementInput {
            kind,
            blocks: vec![BlockInput::on(text, first)],
            subsections: true,
            warning: String::new(),
            condition: ConditionInput::default(),
        }
    }

    /// The form of the stored element `id` (404 when the AM has no such element of this
    /// kind), with why its condition cannot be shown, if it cannot (the form then starts anew).
    pub fn of_element(
        kind: Kind,
        parametrization: &Parametrization,
        id: &str,
        text: &ArreteMinisteriel,
    ) -> Result<(ElementInput, Option<String>), BoError> {
        fn find<'p, T>(elements: &'p [T], id: impl Fn(&T) -> &str, wanted: &str) -> Option<&'p T> {
            elements.iter().find(|element| id(element) == wanted)
        }
        let mut input = ElementInput::new(kind, text);
        let condition = match kind {
            Kind::Inapplicability => {
                let element = find(&parametrization.inapplicable_sections, |e| &e.id, id)
                    .ok_or(BoError::NotFound)?;
                let mut block = BlockInput::on(text, &element.section_id);
                if let Some(alineas) = &element.alineas {
                    block.alineas = alineas.clone();
                }
                input.blocks = vec![block];
                input.subsections = element.subsections_are_inapplicable;
                Some(&element.condition)
            }
            Kind::Alternative => {
                let element = find(&parametrization.alternative_sections, |e| &e.id, id)
                    .ok_or(BoError::NotFound)?;
                let mut block = BlockInput::on(text, &element.section_id);
                block.content = alternative_content(&element.new_text);
                input.blocks = vec![block];
                Some(&element.condition)
            }
            Kind::Warning => {
                let element =
                    find(&parametrization.warnings, |e| &e.id, id).ok_or(BoError::NotFound)?;
                input.blocks = vec![BlockInput::on(text, &element.section_id)];
                input.warning = element.text.clone();
                None
            }
        };
        let refusal = match condition.map(ConditionInput::of) {
            Some(Ok(rows)) => {
                input.condition = rows;
                None
            }
            Some(Err(error)) => Some(error.to_string()),
            None => None,
        };
        Ok((input, refusal))
    }

    /// The form of a post: blocks `section-N`, `affiche-N`, `alineas-N` (repeated) and
    /// `contenu-N` from N = 0, `sous-sections`, `texte` and the condition builder.
    pub fn read(kind: Kind, fields: &Fields) -> Result<ElementInput, BoError> {
        let mut blocks = Vec::new();
        while let Some(section) = fields.bytes(&format!("section-{}", blocks.len())) {
            if blocks.len() == MAX_BLOCKS {
                return Err(BoError::BadRequest(too_many_blocks()));
            }
            let at = blocks.len();
            let alineas = fields
                .all(&format!("alineas-{at}"))
                .map(|alinea| alinea.parse::<usize>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| {
                    BoError::BadRequest("Un alinéa coché n’est pas un numéro.".to_owned())
                })?;
            let content = fields.text(&format!("contenu-{at}")).to_owned();
            if content.chars().count() > MAX_CONTENT_CHARS {
                return Err(BoError::BadRequest(format!(
                    "Paragraphe n°{} : le texte de la section alternative dépasse {MAX_CONTENT_CHARS} caractères.",
                    at + 1
                )));
            }
            blocks.push(BlockInput {
                section: String::from_utf8_lossy(section).into_owned(),
                shown: fields.text(&format!("affiche-{at}")).to_owned(),
                alineas,
                content,
            });
        }
        if blocks.is_empty() {
            return Err(BoError::BadRequest(
                "Le formulaire ne vise aucune section : rechargez la page.".to_owned(),
            ));
        }
        let warning = fields.text("texte").to_owned();
        if warning.chars().count() > MAX_WARNING_CHARS {
            return Err(BoError::BadRequest(format!(
                "L’avertissement dépasse {MAX_WARNING_CHARS} caractères."
            )));
        }
        let condition = match kind.has_condition() {
            true => ConditionInput::read(fields)?,
            false => ConditionInput::default(),
        };
        Ok(ElementInput {
            kind,
            blocks,
            subsections: fields.text("sous-sections") == "1",
            warning,
            condition,
        })
    }

    /// A round trip's change of the form (any action but saving); a refused one leaves the
    /// form as it is and says why. An edited element has one block only.
    pub fn apply(
        &mut self,
        action: Action,
        text: &ArreteMinisteriel,
        editing: bool,
    ) -> Result<(), String> {
        match action {
            Action::Save => {}
            Action::AddRow => self.condition.add_row()?,
            Action::RemoveRow(row) => self.condition.remove_row(row),
            Action::AddBlock if editing => {
                return Err("Une modification vise une seule section : pour en viser d’autres, copiez l’élément.".to_owned());
            }
            Action::AddBlock if self.blocks.len() >= MAX_BLOCKS => return Err(too_many_blocks()),
            Action::AddBlock => {
                let last = self.blocks.last().map(|b| b.section.clone());
                self.blocks
                    .push(BlockInput::on(text, last.as_deref().unwrap_or("")));
            }
            Action::RemoveBlock(block) if self.blocks.len() > 1 && block < self.blocks.len() => {
                self.blocks.remove(block);
            }
            Action::RemoveBlock(_) => {}
            Action::Choose => {
                for block in self.blocks.iter_mut().filter(|b| b.shown != b.section) {
                    *block = BlockInput::on(text, &block.section);
                }
            }
        }
        Ok(())
    }

    /// After a refused save: an inapplicability's blocks whose section changed since their
    /// alinéas were shown now show the chosen section's (an alternative's typed text is kept).
    pub fn show_chosen_alineas(&mut self, text: &ArreteMinisteriel) {
        for block in &mut self.blocks {
            if self.kind == Kind::Inapplicability && block.shown != block.section {
                *block = BlockInput::on(text, &block.section);
            }
        }
    }

    /// The elements the form makes, one per block, with new ids; or every mistake, as the
    /// sentences shown above the form.
    pub fn elements(&self, text: &ArreteMinisteriel) -> Result<Parametrization, Vec<String>> {
        let mut errors = Vec::new();
        let condition = match self.kind.has_condition() {
            true => self
                .condition
                .build()
                .map_err(|error| errors.push(error.to_string()))
                .ok(),
            false => None,
        };
        let warning = match self.kind {
            Kind::Warning => warning_text(&self.warning)
                .map_err(|error| errors.push(error.to_string()))
                .ok(),
            _ => None,
        };
        let mut made = Parametrization::default();
        for (at, block) in self.blocks.iter().enumerate() {
            let number = at + 1;
            let Some(section) = find_section(text, &block.section) else {
                errors.push(format!(
                    "Paragraphe n°{number} : la section choisie n’existe pas dans le texte ; choisissez-en une autre."
                ));
                continue;
            };
            let section_id = section.id.clone();
            match (self.kind, &condition, &warning) {
                (Kind::Inapplicability, _, _) if block.shown != block.section => {
                    errors.push(format!(
                        "Paragraphe n°{number} : la section a changé depuis l’affichage de ses alinéas ; ceux de la section choisie sont maintenant affichés : vérifiez-les, puis enregistrez."
                    ));
                }
                (Kind::Inapplicability, condition, _) => {
                    match target_alineas(&block.alineas, section.outer_alineas.len()) {
                        Err(error) => errors.push(format!("Paragraphe n°{number} : {error}")),
                        Ok(alineas) => {
                            made.inapplicable_sections
                                .extend(condition.iter().map(|condition| InapplicableSection {
                                    id: new_element_id(),
                                    section_id: section_id.clone(),
                                    alineas: alineas.clone(),
                                    subsections_are_inapplicable: self.subsections,
                                    condition: condition.clone(),
                                }))
                        }
                    }
                }
                (Kind::Alternative, condition, _) => {
                    match alternative_text(&new_element_id(), &section.title.text, &block.content) {
                        Err(error) => errors.push(format!("Paragraphe n°{number} : {error}")),
                        Ok(new_text) => {
                            made.alternative_sections
                                .extend(condition.iter().map(|condition| AlternativeSection {
                                    id: new_element_id(),
                                    section_id: section_id.clone(),
                                    new_text: new_text.clone(),
                                    condition: condition.clone(),
                                }))
                        }
                    }
                }
                (Kind::Warning, _, warning) => {
                    made.warnings
                        .extend(warning.iter().map(|warning| SectionWarning {
                            id: new_element_id(),
                            section_id: section_id.clone(),
                            text: warning.clone(),
                        }))
                }
            }
        }
        match errors.is_empty() {
            true => Ok(made),
            false => Err(errors),
        }
    }
}

/// The checkboxes of a block: the alinéas of the section it shows.
pub fn alinea_choices(text: &ArreteMinisteriel, block: &BlockInput) -> Vec<AlineaChoice> {
    let Some(section) = find_section(text, &block.shown) else {
        return Vec::new();
    };
    alineas_of(section)
        .into_iter()
        .enumerate()
        .map(|(index, label)| AlineaChoice {
            index,
            number: index + 1,
            label,
            checked: block.alineas.contains(&index),
        })
        .collect()
}

/// Each alinéa of a section on one short line.
fn alineas_of(section: &Section) -> Vec<String> {
    section
        .outer_alineas
        .iter()
        .map(|alinea| match (alinea.table(), one_line(&alinea.text)) {
            (Some(_), _) => "Tableau".to_owned(),
            (None, line) if line.is_empty() => "(alinéa vide)".to_owned(),
            (None, line) => shortened(&line, ALINEA_LABEL_CHARS),
        })
        .collect()
}

fn too_many_blocks() -> String {
    format!(
        "Un formulaire vise au plus {MAX_BLOCKS} sections : enregistrez celles-ci, puis ajoutez les autres."
    )
}
