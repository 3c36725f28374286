//! vnsearch: full-text search for Vietnamese civic news.
//!
//! The modules follow the data path: [`analysis`] (text → terms) →
//! [`cli`] (commands and output formats).

pub mod analysis;
pub mod cli;
pub mod gazetteer;
pub mod ingest;
