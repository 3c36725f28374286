//! Counting matches per facet value, optionally crossed (`--by city --by
//! year`): "how often did Dân vận khéo appear per province per year".
//!
//! Counting uses tantivy's `FacetCollector` (no document is loaded). A
//! crossed count runs one extra facet pass per value of the first
//! dimension, restricted to that value.

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, FacetCounts};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::index::schema::{self, Fields};

/// What matches can be counted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    City,
    District,
    #[serde(rename = "province_2025")]
    Province2025,
    Scope,
    Year,
    Month,
    Source,
}

impl Dimension {
    pub const ALL: &'static [Dimension] = &[
        Dimension::City,
        Dimension::District,
        Dimension::Province2025,
        Dimension::Scope,
        Dimension::Year,
        Dimension::Month,
        Dimension::Source,
    ];

    /// The names users type and JSON uses, in the order of [`Self::ALL`].
    pub const NAMES: &'static [&'static str] = &[
        "city",
        "district",
        "province_2025",
        "scope",
        "year",
        "month",
        "source",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    fn facet_field(self) -> &'static str {
        match self {
            Dimension::City | Dimension::District => schema::PLACE_FACET,
            Dimension::Province2025 => schema::PROVINCE_2025_FACET,
            Dimension::Scope => schema::SCOPE_FACET,
            Dimension::Year | Dimension::Month => schema::DATE_FACET,
            Dimension::Source => schema::SOURCE_FACET,
        }
    }

    /// Facet depth of this dimension's values (`/city/district` is 2).
    fn depth(self) -> usize {
        match self {
            Dimension::District | Dimension::Month => 2,
            _ => 1,
        }
    }

    /// Order rows by count (places, outlets) or by value (time).
    fn chronological(self) -> bool {
        matches!(self, Dimension::Year | Dimension::Month)
    }
}

impl std::str::FromStr for Dimension {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dimension::ALL
            .iter()
            .copied()
            .find(|d| d.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown field `{s}` to count by; use {}",
                    Dimension::NAMES.join(", ")
                )
            })
    }
}

/// A value with its facet (for filtering) and display label.
#[derive(Clone, Debug)]
struct Value {
    facet: Facet,
    label: String,
    count: u64,
}

fn label(dimension: Dimension, facet: &Facet) -> String {
    let path = facet.to_path();
    match dimension {
        Dimension::Month => path.join("-"),
        Dimension::District => match path.as_slice() {
            [city, district] => format!("{district} ({city})"),
            _ => path.join("/"),
        },
        _ => path.last().map(|s| s.to_string()).unwrap_or_default(),
    }
}

fn count_values(
    searcher: &Searcher,
    query: &dyn Query,
    dimension: Dimension,
) -> Result<Vec<Value>> {
    let mut collector = FacetCollector::for_field(dimension.facet_field());
    collector.add_facet("/");
    let top: FacetCounts = searcher
        .search(query, &collector)
        .context("counting facets")?;
    let mut values: Vec<Value> = top
        .get("/")
        .map(|(facet, count)| Value {
            facet: facet.clone(),
            label: label(dimension, facet),
            count,
        })
        .collect();
    if dimension.depth() == 2 {
        let parents: Vec<Facet> = values.iter().map(|v| v.facet.clone()).collect();
        let mut collector = FacetCollector::for_field(dimension.facet_field());
        for parent in &parents {
            collector.add_facet(parent.clone());
        }
        let children: FacetCounts = searcher
            .search(query, &collector)
            .context("counting facets")?;
        values = parents
            .iter()
            .flat_map(|parent| {
                children
                    .get(parent.clone())
                    .map(|(facet, count)| Value {
                        facet: facet.clone(),
                        label: label(dimension, facet),
                        count,
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    if !dimension.chronological() {
        values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    }
    Ok(values)
}

fn restricted(
    fields: &Fields,
    query: &dyn Query,
    dimension: Dimension,
    facet: &Facet,
) -> Box<dyn Query> {
    let field = match dimension.facet_field() {
        schema::PLACE_FACET => fields.place_facet,
        schema::PROVINCE_2025_FACET => fields.province_2025_facet,
        schema::SCOPE_FACET => fields.scope_facet,
        schema::DATE_FACET => fields.date_facet,
        _ => fields.source_facet,
    };
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, query.box_clone()),
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_facet(field, facet),
                IndexRecordOption::Basic,
            )),
        ),
    ]))
}

/// One row of a count table: the values (one per dimension) and the count.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub values: Vec<String>,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct CountTable {
    pub dimensions: Vec<Dimension>,
    /// Matching articles in all.
    pub total: usize,
    pub rows: Vec<Row>,
    /// Matching articles that have no value for the first dimension
    /// (no stated date, no recognised place…).
    pub unassigned: u64,
    /// No article had every word, so those with any were counted.
    pub relaxed: bool,
}

pub fn count(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    by: &[Dimension],
) -> Result<CountTable> {
    let total = searcher.search(query, &Count).context("counting matches")?;
    let Some((&first, rest)) = by.split_first() else {
        return Ok(CountTable {
            dimensions: Vec::new(),
            total,
            rows: vec![Row {
                values: Vec::new(),
                count: total as u64,
            }],
            unassigned: 0,
            relaxed: false,
        });
    };
    let firsts = count_values(searcher, query, first)?;
    // Every article has at most one place, date and source, so the counts
    // of the values add up to the articles that have a value.
    let assigned: u64 = firsts.iter().map(|v| v.count).sum();
    let mut rows = Vec::new();
    for value in &firsts {
        if rest.is_empty() {
            rows.push(Row {
                values: vec![value.label.clone()],
                count: value.count,
            });
            continue;
        }
        let narrowed = restricted(fields, query, first, &value.facet);
        let inner = count(searcher, fields, &*narrowed, rest)?;
        for row in inner.rows {
            let mut values = vec![value.label.clone()];
            values.extend(row.values);
            rows.push(Row {
                values,
                count: row.count,
            });
        }
    }
    Ok(CountTable {
        dimensions: by.to_vec(),
        total,
        rows,
        unassigned: (total as u64).saturating_sub(assigned),
        relaxed: false,
    })
}
