//! Ingestion: files on disk → clean [`Article`] records.
//!
//! [`walk`] finds the files and decides each one's [`Format`] (the one
//! list of extensions), [`read`] decodes each one ([`decode`], JSON Lines
//! streamed by `lines`) and hands it to the extractor for its format
//! ([`text_article`], [`json_article`]), which compose [`title`], [`date`],
//! [`source`], [`boilerplate`] and the gazetteer's place detection.
//! [`original_text`] reads an indexed article's text back the same way;
//! [`calendar`] is the one date library.

pub(crate) mod article;
pub(crate) mod boilerplate;
pub(crate) mod calendar;
pub mod date;
pub(crate) mod decode;
pub(crate) mod json_article;
mod lines;
mod original;
pub(crate) mod read;
pub(crate) mod source;
pub(crate) mod text_article;
pub(crate) mod title;
pub(crate) mod walk;

pub use article::Article;
pub use calendar::{Date, Time};
pub use json_article::from_value as article_from_json;
pub use original::original_text;
pub use read::{read_file, read_file_counting, Warning, MAX_RECORD_BYTES};
pub use source::{canonical as canonical_outlet, OUTLETS};
pub use text_article::{extract as article_from_text, split_lead};
pub use walk::{discover, Discovery, Format, SourceFile};
