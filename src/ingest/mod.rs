//! Ingestion: files on disk → clean [`Article`] records.
//!
//! [`walk`] finds the files, [`read`] decodes each one ([`decode`]) and
//! hands it to the extractor for its format ([`text_article`],
//! [`json_article`]), which compose [`title`], [`date`], [`source`],
//! [`boilerplate`] and the gazetteer's place detection.

pub mod article;
pub mod boilerplate;
pub mod calendar;
pub mod date;
pub mod decode;
pub mod json_article;
pub mod read;
pub mod source;
pub mod text_article;
pub mod title;
pub mod walk;

pub use article::Article;
pub use calendar::{Date, Time};
pub use read::{read_file, read_file_counting, Warning, MAX_RECORD_BYTES};
pub use walk::{discover, Discovery, Format, SourceFile};
