//! Local adapters for the embedded default: buckets as directories, an in-process queue.

mod etag;
mod paths;
mod queue;
mod sidecar;
mod store;
mod walk;

pub use queue::{DeadLetter, LocalQueue};
pub use store::LocalObjectStore;
