//! From the text a user typed to a tantivy query.
//!
//! The query text is parsed into parts (bare words and "quoted phrases"),
//! each part is analyzed with the same analyzers as the index, and the
//! query is assembled so that ranking reflects how Vietnamese is written:
//!
//! - every word must match in folded form (any diacritics, any case);
//! - if the user typed diacritics, the exact form scores extra, so `dẫn`
//!   ranks `dẫn` above `dân`; a query without any diacritic uses folded
//!   fields only and so cannot favour `thanh` over `thành`;
//! - adjacent query words also match as bigrams, so `dân vận` together
//!   outranks `dân … vận`;
//! - a single word is also looked up among run-together folded bigrams, so
//!   `haiphong` finds `Hải Phòng`;
//! - title matches weigh more than body matches.

use anyhow::Result;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analysis::{self, has_diacritics, Analyzer};
use crate::error::usage_error;
use crate::index::schema::{Fields, TextFields};

/// One part of the query text as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Loose words: each must occur, in any order.
    Words(String),
    /// A quoted phrase: the words must occur in this order, adjacent.
    Phrase(String),
}

/// Splits query text into loose words and quoted phrases. Straight and
/// curly double quotes both work.
pub fn parse(text: &str) -> Result<Vec<Part>> {
    let mut parts = Vec::new();
    let mut rest = text;
    let mut consumed = 0;
    loop {
        let Some(open) = rest.find(['"', '“', '”']) else {
            push_words(&mut parts, rest);
            break;
        };
        push_words(&mut parts, &rest[..open]);
        let quote_len = rest[open..].chars().next().map_or(1, char::len_utf8);
        let after = &rest[open + quote_len..];
        let Some(close) = after.find(['"', '“', '”']) else {
            let column = text[..consumed + open].chars().count() + 1;
            return Err(usage_error(format!(
                "the quote at column {column} of the query is never closed; close it with another `\"`"
            )));
        };
        let phrase = after[..close].trim();
        if !phrase.is_empty() {
            parts.push(Part::Phrase(phrase.to_string()));
        }
        let close_len = after[close..].chars().next().map_or(1, char::len_utf8);
        let advance = open + quote_len + close + close_len;
        consumed += advance;
        rest = &rest[advance..];
    }
    if parts.iter().all(|p| words(p.text()).is_empty()) {
        return Err(usage_error(
            "the query has no words to search for; type at least one word, e.g. `vnsearch search \"dân vận\"`",
        ));
    }
    Ok(parts)
}

fn push_words(parts: &mut Vec<Part>, text: &str) {
    if !text.trim().is_empty() {
        parts.push(Part::Words(text.trim().to_string()));
    }
}

impl Part {
    pub fn text(&self) -> &str {
        match self {
            Part::Words(t) | Part::Phrase(t) => t,
        }
    }
}

/// One word of the query in both forms. Several spellings can share a
/// position (`1.431` is also `1431`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    pub exact: Vec<String>,
    pub folded: Vec<String>,
}

/// Analyzes text into query words, grouped by position.
pub fn words(text: &str) -> Vec<QueryWord> {
    let exact = analysis::analyze(text, Analyzer::Exact);
    let folded = analysis::analyze(text, Analyzer::Folded);
    let mut words: Vec<QueryWord> = Vec::new();
    let mut last_position = None;
    for (e, f) in exact.into_iter().zip(folded) {
        if last_position != Some(e.position) {
            words.push(QueryWord {
                exact: Vec::new(),
                folded: Vec::new(),
            });
            last_position = Some(e.position);
        }
        let word = words.last_mut().expect("pushed above");
        word.exact.push(e.text);
        word.folded.push(f.text);
    }
    words
}

/// Relative weights of the ranking signals.
#[derive(Clone, Copy, Debug)]
pub struct Ranking {
    pub title_boost: f32,
    pub exact_boost: f32,
    pub bigram_boost: f32,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            title_boost: 2.0,
            exact_boost: 1.0,
            bigram_boost: 1.0,
        }
    }
}

/// How the query's words combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Every word must occur.
    #[default]
    All,
    /// Any word may occur; more and rarer words rank higher.
    Any,
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    boosted(
        Box::new(TermQuery::new(
            term(field, text),
            IndexRecordOption::WithFreqs,
        )),
        boost,
    )
}

fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// Builds the scoring query for the parsed parts.
pub struct QueryBuilder<'a> {
    pub fields: &'a Fields,
    pub ranking: Ranking,
    pub mode: MatchMode,
    /// The user typed diacritics somewhere in the query.
    pub accented: bool,
}

impl<'a> QueryBuilder<'a> {
    pub fn new(fields: &'a Fields, ranking: Ranking, mode: MatchMode, query_text: &str) -> Self {
        QueryBuilder {
            fields,
            ranking,
            mode,
            accented: has_diacritics(query_text),
        }
    }

    fn text_fields(&self) -> [(TextFields, f32); 2] {
        [
            (self.fields.title_text, self.ranking.title_boost),
            (self.fields.body_text, 1.0),
        ]
    }

    /// Matches one query word anywhere, in any of its forms.
    fn word_query(&self, word: &QueryWord) -> Box<dyn Query> {
        let mut clauses = Vec::new();
        for (fields, field_boost) in self.text_fields() {
            for folded in &word.folded {
                clauses.push(term_query(fields.folded, folded, field_boost));
                // Run-together names: `haiphong` is the folded bigram of `Hải Phòng`.
                clauses.push(term_query(fields.bigram_folded, folded, field_boost));
            }
            if self.accented {
                for exact in &word.exact {
                    clauses.push(term_query(
                        fields.exact,
                        exact,
                        field_boost * self.ranking.exact_boost,
                    ));
                }
            }
        }
        any_of(clauses)
    }

    /// Rewards two query words found next to each other.
    fn pair_query(&self, first: &QueryWord, second: &QueryWord) -> Box<dyn Query> {
        let mut clauses = Vec::new();
        let boost = self.ranking.bigram_boost;
        for (fields, field_boost) in self.text_fields() {
            let folded = format!("{}{}", first.folded[0], second.folded[0]);
            clauses.push(term_query(
                fields.bigram_folded,
                &folded,
                field_boost * boost,
            ));
            if self.accented {
                let exact = format!("{} {}", first.exact[0], second.exact[0]);
                clauses.push(term_query(
                    fields.bigram,
                    &exact,
                    field_boost * boost * self.ranking.exact_boost,
                ));
            }
        }
        any_of(clauses)
    }

    /// Matches the words in order, adjacent, in title or body.
    fn phrase_query(&self, words: &[QueryWord]) -> Box<dyn Query> {
        let mut clauses = Vec::new();
        for (fields, field_boost) in self.text_fields() {
            let folded: Vec<Term> = words
                .iter()
                .map(|w| term(fields.folded, &w.folded[0]))
                .collect();
            clauses.push(boosted(Box::new(PhraseQuery::new(folded)), field_boost));
            if self.accented {
                let exact: Vec<Term> = words
                    .iter()
                    .map(|w| term(fields.exact, &w.exact[0]))
                    .collect();
                clauses.push(boosted(
                    Box::new(PhraseQuery::new(exact)),
                    field_boost * self.ranking.exact_boost,
                ));
            }
        }
        any_of(clauses)
    }

    /// The whole query: required parts plus optional adjacency bonuses.
    pub fn build(&self, parts: &[Part]) -> Box<dyn Query> {
        let required = match self.mode {
            MatchMode::All => Occur::Must,
            MatchMode::Any => Occur::Should,
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for part in parts {
            let words = words(part.text());
            match part {
                Part::Phrase(_) if words.len() > 1 => {
                    clauses.push((Occur::Must, self.phrase_query(&words)));
                }
                _ => {
                    for word in &words {
                        clauses.push((required, self.word_query(word)));
                    }
                    for pair in words.windows(2) {
                        clauses.push((Occur::Should, self.pair_query(&pair[0], &pair[1])));
                    }
                }
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_parts() {
        let cases: Vec<(&str, Vec<Part>)> = vec![
            ("dân vận", vec![Part::Words("dân vận".into())]),
            (
                "\"dân vận khéo\" hải phòng",
                vec![
                    Part::Phrase("dân vận khéo".into()),
                    Part::Words("hải phòng".into()),
                ],
            ),
            ("“Dân vận khéo”", vec![Part::Phrase("Dân vận khéo".into())]),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn parse_errors() {
        assert!(parse("").is_err());
        assert!(parse("  ... !! ").is_err());
        let err = parse("dân \"vận khéo").unwrap_err().to_string();
        assert!(err.contains("column 5"), "{err}");
    }

    #[test]
    fn words_group_variants() {
        let w = words("1.431 Hoà");
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].folded, vec!["1.431", "1431"]);
        assert_eq!(w[1].exact, vec!["hòa"]);
        assert_eq!(w[1].folded, vec!["hoa"]);
    }
}
