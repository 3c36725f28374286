//! The on-disk index: schema, documents, opening/creating, and building.
//!
//! A build ([`writer`]) runs in steps kept in their own modules: `plan`
//! decides per file, `add` extracts and adds articles, `progress` reports.

mod add;
pub(crate) mod damage;
pub(crate) mod document;
pub(crate) mod manifest;
mod plan;
mod progress;
pub(crate) mod schema;
pub(crate) mod store;
mod trim;
pub(crate) mod writer;

pub use damage::{guard as guard_damage, guard_process as guard_command, Damaged};
pub use document::StoredArticle;
pub use schema::Fields;
pub use store::{open, CommitInfo, Found, VnIndex};
pub use writer::{build, BuildOptions, BuildReport, DEFAULT_MEMORY_MB};
