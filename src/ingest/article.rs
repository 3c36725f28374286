//! The article record every later stage works with: what ingestion extracts
//! from a file and what the index stores.

use serde::Serialize;

use super::calendar::{Date, Time};
use crate::gazetteer::Locality;

/// One article, extracted and cleaned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Stable id: file stem, the record's own `id`, or `file#line`.
    pub id: String,
    /// The file the article came from.
    pub path: String,
    pub title: String,
    /// Publication date; `None` when the source does not state one.
    pub date: Option<Date>,
    pub time: Option<Time>,
    /// A year guessed from the text when no date is stated, marked as such.
    pub date_inferred: Option<i32>,
    /// Display name of the outlet (`ĐCSVN`, `Báo Pháp luật Việt Nam`…).
    pub source: Option<String>,
    pub url: Option<String>,
    #[serde(flatten)]
    pub locality: Locality,
    /// Article text without site boilerplate.
    pub body: String,
    /// The text as found in the file, for display.
    #[serde(skip)]
    pub original: String,
    /// The line of a JSON Lines file the article came from (1-based).
    #[serde(skip)]
    pub line: Option<u64>,
    /// Problems met while extracting this article.
    pub warnings: Vec<String>,
}
