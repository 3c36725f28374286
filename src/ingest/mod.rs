//! Ingestion: files on disk → clean [`Article`] records.
//!
//! [`walk`] finds the files, [`read`] decodes each one ([`decode`]) and
//! hands it to the extractor for its format ([`text_article`],
//! [`json_article`]), which compose [`title`], [`date`], [`source`],
//! [`boilerplate`] and the gazetteer's place detection.

pub mod article;
pub mod boilerplate;
pub mod date;
pub mod source;
pub mod title;

pub use article::{Article, Date, Locality, Time};
