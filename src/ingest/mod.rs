//! Ingestion: files on disk → clean [`Article`] records.
//!
//! [`walk`] finds the files and decides each one's [`Format`] (the one
//! list of extensions), [`read`] decodes each one ([`decode`], JSON Lines
//! streamed by `lines`) and hands it to the extractor for its format
//! ([`text_article`], [`json_article`]), which compose [`title`], [`date`],
//! [`source`], [`boilerplate`] and the gazetteer's place detection.
//! [`original_text`] reads an indexed article's text back the same way;
//! [`calendar`] is the one date library.

pub mod article;
pub mod boilerplate;
pub mod calendar;
pub mod date;
pub mod decode;
pub mod json_article;
mod lines;
mod original;
pub mod read;
pub mod source;
pub mod text_article;
pub mod title;
pub mod walk;

pub use article::Article;
pub use calendar::{Date, Time};
pub use original::original_text;
pub use read::{read_file, read_file_counting, Warning, MAX_RECORD_BYTES};
pub use walk::{discover, Discovery, Format, SourceFile};
