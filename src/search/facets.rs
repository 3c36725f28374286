//! Facet counts over all matches (not just the page shown): city, year,
//! source and scope. Every article has at most one of each, kept in fast (columnar)
//! fields, so counting is one array increment per match and no document is
//! loaded; names are looked up once per segment, for the values seen.

use std::collections::HashMap;

use serde::ser::{Serialize, SerializeMap, Serializer};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::schema;

/// Counts in display order, serialized as a JSON object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts(pub Vec<(String, u64)>);

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, count) in &self.0 {
            map.serialize_entry(name, count)?;
        }
        map.end()
    }
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Facets {
    pub city: Counts,
    pub year: Counts,
    pub source: Counts,
    pub scope: Counts,
}

fn by_count(counts: HashMap<String, u64>) -> Counts {
    let mut pairs: Vec<(String, u64)> = counts.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Counts(pairs)
}

/// Collects [`Facets`].
pub struct FacetCounter;

/// Raw per-segment counts, merged into [`Facets`].
#[derive(Default)]
pub struct RawCounts {
    city: HashMap<String, u64>,
    year: HashMap<u64, u64>,
    source: HashMap<String, u64>,
    scope: HashMap<String, u64>,
}

pub struct SegmentFacetCounter {
    city: Option<StrColumn>,
    source: Option<StrColumn>,
    scope: Option<StrColumn>,
    scope_counts: Vec<u64>,
    year: Column<u64>,
    city_counts: Vec<u64>,
    source_counts: Vec<u64>,
    year_counts: HashMap<u64, u64>,
}

impl Collector for FacetCounter {
    type Fruit = Facets;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let fast = reader.fast_fields();
        let city = fast.str(schema::CITY)?;
        let source = fast.str(schema::SOURCE)?;
        let scope = fast.str(schema::SCOPE)?;
        Ok(SegmentFacetCounter {
            city_counts: vec![0; city.as_ref().map_or(0, |c| c.num_terms())],
            source_counts: vec![0; source.as_ref().map_or(0, |c| c.num_terms())],
            scope_counts: vec![0; scope.as_ref().map_or(0, |c| c.num_terms())],
            city,
            source,
            scope,
            year: fast.u64(schema::YEAR)?,
            year_counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<RawCounts>) -> tantivy::Result<Facets> {
        let mut all = RawCounts::default();
        for segment in segments {
            for (name, n) in segment.city {
                *all.city.entry(name).or_default() += n;
            }
            for (name, n) in segment.source {
                *all.source.entry(name).or_default() += n;
            }
            for (name, n) in segment.scope {
                *all.scope.entry(name).or_default() += n;
            }
            for (year, n) in segment.year {
                *all.year.entry(year).or_default() += n;
            }
        }
        let mut years: Vec<(u64, u64)> = all.year.into_iter().collect();
        // Years read best in calendar order.
        years.sort_unstable();
        Ok(Facets {
            city: by_count(all.city),
            year: Counts(years.into_iter().map(|(y, n)| (y.to_string(), n)).collect()),
            source: by_count(all.source),
            scope: by_count(all.scope),
        })
    }
}

fn count_ord(column: &Option<StrColumn>, counts: &mut [u64], doc: DocId) {
    if let Some(ord) = column.as_ref().and_then(|c| c.ords().first(doc)) {
        counts[ord as usize] += 1;
    }
}

fn names(column: &Option<StrColumn>, counts: &[u64]) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    let Some(column) = column else {
        return out;
    };
    for (ord, &n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
        let mut name = String::new();
        if column.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
            out.insert(name, n);
        }
    }
    out
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = RawCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        count_ord(&self.city, &mut self.city_counts, doc);
        count_ord(&self.source, &mut self.source_counts, doc);
        count_ord(&self.scope, &mut self.scope_counts, doc);
        if let Some(year) = self.year.first(doc) {
            *self.year_counts.entry(year).or_default() += 1;
        }
    }

    fn harvest(self) -> RawCounts {
        RawCounts {
            city: names(&self.city, &self.city_counts),
            source: names(&self.source, &self.source_counts),
            scope: names(&self.scope, &self.scope_counts),
            year: self.year_counts,
        }
    }
}
