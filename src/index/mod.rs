//! The on-disk index: schema, documents, opening/creating, and building.

pub mod document;
pub mod manifest;
pub mod schema;
pub mod store;
pub mod writer;

pub use store::{open, CommitInfo, Found, VnIndex};
pub use writer::{build, BuildOptions, BuildReport};
