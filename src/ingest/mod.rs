//! Ingestion: files on disk → clean [`Article`] records.

pub mod article;

pub use article::{Article, Date, Locality, Time};
