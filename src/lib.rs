//! vnsearch: full-text search for Vietnamese civic news.
//!
//! The modules follow the data path: [`analysis`] (text → terms) →
//! [`ingest`] (files → articles) with [`gazetteer`] (places) → [`index`]
//! (schema, writer) → [`search`] (queries, filters, facets, snippets) →
//! [`wire`] (the JSON/CSV contracts) → [`cli`] (commands and output
//! formats) and [`server`] (`vnsearch serve`: the page and the HTTP APIs).

pub mod analysis;
pub mod cli;
pub mod error;
pub mod eval;
pub mod gazetteer;
pub mod index;
pub mod ingest;
pub mod search;
pub mod server;
pub mod wire;
