//! A query's trends: matches per month or year next to all articles of the
//! period (so a growing crawl does not look like a growing topic), and the
//! cities with most matches. Built from the same counts as `count`.

use std::collections::HashMap;

use anyhow::Result;
use tantivy::Searcher;

use super::{count, counts, Dimension, Interval, SearchRequest, Timeline, TimelinePoint};
use crate::index::VnIndex;

/// Matches per month or year, next to all articles of that period, and
/// the top cities: the trends of a query.
pub fn timeline(
    index: &VnIndex,
    searcher: &Searcher,
    request: &SearchRequest,
    interval: Interval,
) -> Result<Timeline> {
    let dimension = match interval {
        Interval::Month => Dimension::Month,
        Interval::Year => Dimension::Year,
    };
    let matching = count(index, searcher, request, &[dimension])?;
    let everything = counts::count(
        searcher,
        &index.fields,
        &tantivy::query::AllQuery,
        &[dimension],
    )?;
    let all: HashMap<&str, u64> = everything
        .rows
        .iter()
        .map(|r| (r.values[0].as_str(), r.count))
        .collect();
    let periods = matching
        .rows
        .iter()
        .map(|row| {
            let period = row.values[0].clone();
            let all = all.get(period.as_str()).copied().unwrap_or(row.count);
            TimelinePoint {
                period,
                count: row.count,
                all,
                share: row.count as f64 / all.max(1) as f64,
            }
        })
        .collect();
    let mut cities = count(index, searcher, request, &[Dimension::City])?.rows;
    cities.truncate(10);
    Ok(Timeline {
        interval,
        total: matching.total,
        undated: matching.unassigned,
        relaxed: matching.relaxed,
        periods,
        cities: cities
            .into_iter()
            .map(|r| (r.values.into_iter().next().unwrap_or_default(), r.count))
            .collect(),
    })
}
