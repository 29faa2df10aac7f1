//! What every page shows around its content: header, navigation, flash message, footer.

use crate::assets;
use crate::flash::Flash;

/// The header entry a page belongs to (marked `aria-current`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavItem {
    Search,
    ApSearch,
    MyInstallations,
    About,
    Faq,
    None,
}

/// The layout of one page.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The page's own title; the `<title>` adds " - Envinorma".
    pub title: String,
    pub flash: Option<Flash>,
    pub current: NavItem,
}

impl Layout {
    /// A layout without message.
    pub fn new(title: impl Into<String>) -> Layout {
        Layout {
            title: title.into(),
            flash: None,
            current: NavItem::None,
        }
    }

    /// The URL of an embedded asset (`dsfr/dsfr.min.css`).
    pub fn asset(&self, path: &str) -> String {
        assets::url(path)
    }

    /// The page's header entry as the templates name it: `search`, `ap_search`, `user`,
    /// `about`, `faq`.
    pub fn current_name(&self) -> &'static str {
        match self.current {
            NavItem::Search => "search",
            NavItem::ApSearch => "ap_search",
            NavItem::MyInstallations => "user",
            NavItem::About => "about",
            NavItem::Faq => "faq",
            NavItem::None => "",
        }
    }
}
