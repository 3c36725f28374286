//! Boolean filter expressions: `(city = "Hải Phòng" OR city = hanoi) AND
//! NOT source = PLVN AND date >= 2023-06`. The `--city`/`--from` filters
//! of [`super::filters`] are an AND of ORs; an HTTP client (the
//! Meilisearch-compatible API) needs any nesting of AND, OR and NOT over
//! conditions. The tree is built by a front end's parser and turned into a
//! tantivy query here, in the search layer, so the query is built in one
//! place: names go through the same gazetteer and outlet lookups as the
//! CLI's filters (any spelling of a place works, an unknown one is an error
//! with suggestions) and dates through the same period parser.

use std::fmt;

use anyhow::Result;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::DateTime;

use super::filters::{self, FilterArgs, Filters};
use crate::error::usage_error;
use crate::index::schema::Fields;

/// An attribute a condition can test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attribute {
    City,
    District,
    Province2025,
    Source,
    Year,
    Month,
    Date,
}

impl Attribute {
    pub const ALL: &'static [Attribute] = &[
        Attribute::City,
        Attribute::District,
        Attribute::Province2025,
        Attribute::Source,
        Attribute::Year,
        Attribute::Month,
        Attribute::Date,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Attribute::City => "city",
            Attribute::District => "district",
            Attribute::Province2025 => "province_2025",
            Attribute::Source => "source",
            Attribute::Year => "year",
            Attribute::Month => "month",
            Attribute::Date => "date",
        }
    }

    pub fn from_name(name: &str) -> Option<Attribute> {
        Attribute::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Attributes with an order (`<`, `>=`, `TO`): the time ones.
    pub fn ordered(self) -> bool {
        matches!(self, Attribute::Year | Attribute::Month | Attribute::Date)
    }
}

impl fmt::Display for Attribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A comparison. `!=` and `NOT IN` are [`FilterExpr::Not`] of `=` and of
/// an OR of `=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Eq(String),
    Gt(String),
    Ge(String),
    Lt(String),
    Le(String),
    /// Inclusive at both ends: `year 2022 TO 2023` is both years whole.
    Between(String, String),
}

/// A filter: conditions combined with AND, OR and NOT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterExpr {
    And(Vec<FilterExpr>),
    Or(Vec<FilterExpr>),
    Not(Box<FilterExpr>),
    Condition { attribute: Attribute, op: Op },
}

impl FilterExpr {
    /// True when some condition tests `attribute` (the outlet names are
    /// read from the index only when a filter needs them).
    pub fn uses(&self, attribute: Attribute) -> bool {
        match self {
            FilterExpr::And(all) | FilterExpr::Or(all) => all.iter().any(|e| e.uses(attribute)),
            FilterExpr::Not(inner) => inner.uses(attribute),
            FilterExpr::Condition { attribute: a, .. } => *a == attribute,
        }
    }

    /// A non-scoring tantivy query for the expression. `known_sources` are
    /// the outlet names in the index (see [`super::sources`]). Names that
    /// resolve to nothing are errors (a misspelt city should not silently
    /// match no article).
    pub fn query(&self, fields: &Fields, known_sources: &[String]) -> Result<Box<dyn Query>> {
        let query: Box<dyn Query> = match self {
            FilterExpr::And(all) => combine(fields, known_sources, all, Occur::Must)?,
            FilterExpr::Or(any) => combine(fields, known_sources, any, Occur::Should)?,
            FilterExpr::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                (Occur::MustNot, inner.query(fields, known_sources)?),
            ])),
            FilterExpr::Condition { attribute, op } => {
                return condition(fields, known_sources, *attribute, op)
            }
        };
        Ok(Box::new(ConstScoreQuery::new(query, 0.0)))
    }
}

fn combine(
    fields: &Fields,
    known_sources: &[String],
    parts: &[FilterExpr],
    occur: Occur,
) -> Result<Box<dyn Query>> {
    if parts.is_empty() {
        // An empty AND holds for every article; an empty OR for none.
        return Ok(match occur {
            Occur::Should => Box::new(BooleanQuery::new(Vec::new())),
            _ => Box::new(AllQuery),
        });
    }
    let clauses = parts
        .iter()
        .map(|p| Ok((occur, p.query(fields, known_sources)?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// The period `[start, end)` a time value names: a year for `year`, a
/// month (`2023-12`) for `month`, any date the CLI takes for `date`.
fn period(attribute: Attribute, value: &str) -> Result<(DateTime, DateTime)> {
    let value = value.trim();
    let digits = |n: usize| value.len() == n && value.bytes().all(|b| b.is_ascii_digit());
    let shape_ok = match attribute {
        Attribute::Year => digits(4),
        Attribute::Month => {
            value.len() == 7
                && value.as_bytes()[4] == b'-'
                && value.bytes().filter(u8::is_ascii_digit).count() == 6
        }
        _ => true,
    };
    if !shape_ok {
        let wanted = match attribute {
            Attribute::Year => "a year such as 2023",
            _ => "a month such as 2023-12",
        };
        return Err(usage_error(format!(
            "{attribute} `{value}` is not {wanted}"
        )));
    }
    filters::parse_period(attribute.name(), value)
}

fn condition(
    fields: &Fields,
    known_sources: &[String],
    attribute: Attribute,
    op: &Op,
) -> Result<Box<dyn Query>> {
    if attribute.ordered() {
        let (from, until) = match op {
            Op::Eq(v) => {
                let (start, end) = period(attribute, v)?;
                (Some(start), Some(end))
            }
            Op::Gt(v) => (Some(period(attribute, v)?.1), None),
            Op::Ge(v) => (Some(period(attribute, v)?.0), None),
            Op::Lt(v) => (None, Some(period(attribute, v)?.0)),
            Op::Le(v) => (None, Some(period(attribute, v)?.1)),
            Op::Between(a, b) => (Some(period(attribute, a)?.0), Some(period(attribute, b)?.1)),
        };
        return Ok(filters::date_query(fields, from, until));
    }
    let Op::Eq(value) = op else {
        return Err(usage_error(format!(
            "{attribute} has no order: use `=`, `!=`, `IN [...]` or `NOT IN [...]`; `<`, `<=`, `>`, `>=` and `TO` work on year, month and date"
        )));
    };
    // One value through the CLI's resolution (gazetteer, outlet names).
    let value = vec![value.clone()];
    let args = match attribute {
        Attribute::City => FilterArgs {
            cities: value,
            ..FilterArgs::default()
        },
        Attribute::District => FilterArgs {
            districts: value,
            ..FilterArgs::default()
        },
        Attribute::Province2025 => FilterArgs {
            provinces_2025: value,
            ..FilterArgs::default()
        },
        _ => FilterArgs {
            sources: value,
            ..FilterArgs::default()
        },
    };
    let resolved = Filters::resolve(&args, known_sources)?;
    let mut queries = resolved.queries(fields);
    match queries.len() {
        1 => Ok(queries.remove(0)),
        _ => Err(anyhow::anyhow!(
            "internal: one filter value gave {} queries",
            queries.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(attribute: Attribute, v: &str) -> FilterExpr {
        FilterExpr::Condition {
            attribute,
            op: Op::Eq(v.into()),
        }
    }

    #[test]
    fn knows_which_attributes_it_uses() {
        let e = FilterExpr::And(vec![
            eq(Attribute::City, "hanoi"),
            FilterExpr::Not(Box::new(FilterExpr::Or(vec![eq(
                Attribute::Source,
                "PLVN",
            )]))),
        ]);
        assert!(e.uses(Attribute::Source));
        assert!(e.uses(Attribute::City));
        assert!(!e.uses(Attribute::Year));
    }

    #[test]
    fn periods_follow_the_attribute() {
        assert!(period(Attribute::Year, "2023").is_ok());
        assert!(period(Attribute::Year, "2023-12").is_err());
        assert!(period(Attribute::Month, "2023-12").is_ok());
        assert!(period(Attribute::Month, "2023").is_err());
        assert!(period(Attribute::Date, "19/12/2023").is_ok());
        let err = period(Attribute::Date, "hôm qua").unwrap_err().to_string();
        assert!(err.contains("date `hôm qua` is not a date"), "{err}");
    }
}
