//! Ingestion: files on disk → clean [`Article`] records.

pub mod article;
pub mod stub;

pub use article::{Article, Date, Locality, Time};
pub use stub::*;
