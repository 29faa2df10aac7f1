//! What every handler shares.

use crate::config::Config;
use crate::security::Keys;
use std::sync::Arc;

/// The application state: configuration and signing keys (the data layer comes next to them).
#[derive(Debug, Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub keys: Keys,
}

impl AppState {
    /// The state of a configuration.
    pub fn new(config: Config) -> AppState {
        AppState {
            keys: Keys::new(&config.secret),
            config: Arc::new(config),
        }
    }
}
