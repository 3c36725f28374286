//! Facet counts over all matches (not just the page shown), collected with
//! tantivy's `FacetCollector` so no document is loaded to count.

use serde::ser::{Serialize, SerializeMap, Serializer};
use tantivy::collector::{FacetCollector, FacetCounts};

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
}

/// The collectors, in the order [`Facets::from_counts`] expects.
pub fn collectors() -> (FacetCollector, FacetCollector, FacetCollector) {
    let make = |field: &str| {
        let mut c = FacetCollector::for_field(field);
        c.add_facet("/");
        c
    };
    (
        make(schema::PLACE_FACET),
        make(schema::DATE_FACET),
        make(schema::SOURCE_FACET),
    )
}

/// The last path component of a facet, unescaped.
fn leaf(facet: &tantivy::schema::Facet) -> String {
    facet
        .to_path()
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

fn by_count(counts: &FacetCounts) -> Counts {
    let mut pairs: Vec<(String, u64)> = counts.get("/").map(|(f, n)| (leaf(f), n)).collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Counts(pairs)
}

impl Facets {
    pub fn from_counts(city: &FacetCounts, year: &FacetCounts, source: &FacetCounts) -> Facets {
        Facets {
            city: by_count(city),
            // Years read best in calendar order; facet order already is.
            year: Counts(year.get("/").map(|(f, n)| (leaf(f), n)).collect()),
            source: by_count(source),
        }
    }
}
