//! The on-disk index: schema, documents, opening/creating, and building.
//!
//! A build ([`writer`]) runs in steps kept in their own modules: `plan`
//! decides per file, `add` extracts and adds articles, `progress` reports.

mod add;
pub mod document;
pub mod manifest;
mod plan;
mod progress;
pub mod schema;
pub mod store;
pub mod writer;

pub use store::{open, CommitInfo, Found, VnIndex};
pub use writer::{build, BuildOptions, BuildReport};
