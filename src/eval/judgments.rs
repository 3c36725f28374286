//! Reading a relevance set: queries as JSON Lines (`{"id","text"}`) and
//! judgments as TSV (`query_id<TAB>doc_id<TAB>grade`, or TREC's four
//! columns). Ids are opaque strings: they may hold spaces, commas and `|`,
//! so only tabs separate columns.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

use super::metrics::Judgments;
use crate::error::usage_error;

#[derive(Clone, Debug, Deserialize)]
pub struct EvalQuery {
    pub id: String,
    pub text: String,
}

fn open(path: &Path, what: &str) -> Result<BufReader<std::fs::File>> {
    let file = std::fs::File::open(path)
        .map_err(|e| usage_error(format!("cannot open {what} file `{}`: {e}", path.display())))?;
    Ok(BufReader::new(file))
}

/// Loads queries; a malformed line is an error naming file and line.
pub fn load_queries(path: &Path) -> Result<Vec<EvalQuery>> {
    let mut queries = Vec::new();
    for (i, line) in open(path, "queries")?.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: reading", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        #[derive(Deserialize)]
        struct Raw {
            id: serde_json::Value,
            text: String,
        }
        let raw: Raw = serde_json::from_str(&line).map_err(|e| {
            usage_error(format!(
                "{}:{}: not a query object {{\"id\", \"text\"}}: {e}",
                path.display(),
                i + 1
            ))
        })?;
        let id = match raw.id {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        queries.push(EvalQuery { id, text: raw.text });
    }
    Ok(queries)
}

/// Loads judgments. Lines naming an unknown query or document are warned
/// about (and counted) and left out; a malformed line is an error.
pub fn load_qrels(
    path: &Path,
    known_query: impl Fn(&str) -> bool,
    known_doc: impl Fn(&str) -> bool,
    warnings: &mut Vec<String>,
) -> Result<HashMap<String, Judgments>> {
    let mut qrels: HashMap<String, Judgments> = HashMap::new();
    let (mut unknown_queries, mut unknown_docs) = (0usize, 0usize);
    for (i, line) in open(path, "qrels")?.lines().enumerate() {
        let at = || format!("{}:{}", path.display(), i + 1);
        let line = line.with_context(|| format!("{}: reading", at()))?;
        if line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let (query, doc, grade) = match columns.as_slice() {
            [q, d, g] => (*q, *d, *g),
            [q, _iteration, d, g] => (*q, *d, *g),
            _ => {
                return Err(usage_error(format!(
                    "{}: expected `query_id<TAB>doc_id<TAB>grade`, found {} tab-separated columns",
                    at(),
                    columns.len()
                )))
            }
        };
        let grade: u32 = grade.trim().parse().map_err(|_| {
            usage_error(format!(
                "{}: the grade `{grade}` is not a whole number",
                at()
            ))
        })?;
        if !known_query(query) {
            unknown_queries += 1;
            if unknown_queries <= 3 {
                warnings.push(format!("{}: unknown query id `{query}`", at()));
            }
            continue;
        }
        if !known_doc(doc) {
            unknown_docs += 1;
            if unknown_docs <= 3 {
                warnings.push(format!("{}: unknown document id `{doc}`", at()));
            }
            continue;
        }
        qrels
            .entry(query.to_string())
            .or_default()
            .insert(doc.to_string(), grade);
    }
    if unknown_queries > 3 || unknown_docs > 3 {
        warnings.push(format!(
            "{}: {unknown_queries} judgments name unknown queries and {unknown_docs} unknown documents in all",
            path.display()
        ));
    }
    Ok(qrels)
}
