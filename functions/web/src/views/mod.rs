//! Views: the models the templates render, built by pure functions from core and page data.

pub mod am_reading;
pub mod ap_reading;
pub mod arretes;
pub mod format;
pub mod installation;
pub mod layout;
pub mod pages;
pub mod rich_text;
pub mod table;
pub mod user_installations;

pub use am_reading::{AmReading, AmView};
pub use ap_reading::ApView;
pub use arretes::{ArretesInput, ArretesPage, render_arretes_page};
pub use installation::{InstallationInput, InstallationPage, Viewer, render_installation_page};
pub use layout::{Layout, NavItem};
