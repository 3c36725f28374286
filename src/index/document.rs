//! Converting an ingested [`Article`] into a tantivy document, and a stored
//! document back into a [`StoredArticle`]: what the index keeps of an
//! article, which is less than ingestion knows (no warnings, no original
//! text, no district code).

use tantivy::schema::{Facet, Value};
use tantivy::TantivyDocument;

use super::schema::Fields;
use crate::analysis;
use crate::ingest::calendar::{vietnam_date_time, vietnam_instant};
use crate::ingest::{Article, Date, Time};

/// `file_key` is the canonical path of the article's file (see
/// [`super::manifest`]).
pub fn to_document(fields: &Fields, article: &Article, file_key: &str) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.path, &article.path);
    doc.add_text(fields.title, &article.title);
    doc.add_text(fields.body, &article.body);
    for (field, _) in fields.title_text.with_analyzers() {
        doc.add_text(field, &article.title);
    }
    for (field, _) in fields.body_text.with_analyzers() {
        doc.add_text(field, &article.body);
    }
    doc.add_u64(
        fields.body_pairs,
        u64::from(analysis::pair_count(&article.body)),
    );
    doc.add_u64(fields.sample_key, sample_key(&article.id));
    let optional = [
        (fields.url, &article.url),
        (fields.source, &article.source),
        (fields.city, &article.locality.city),
        (fields.district, &article.locality.district),
        (fields.province_2025, &article.locality.province_2025),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
    let scope = article.locality.scope.as_str();
    doc.add_text(fields.scope, scope);
    doc.add_facet(fields.scope_facet, Facet::from_path([scope]));
    for mention in &article.locality.mentions {
        doc.add_text(fields.mentions, mention);
    }
    if let Some(city) = &article.locality.city {
        let mut path = vec![city.as_str()];
        path.extend(article.locality.district.as_deref());
        doc.add_facet(fields.place_facet, Facet::from_path(path));
    }
    if let Some(province) = &article.locality.province_2025 {
        doc.add_facet(fields.province_2025_facet, Facet::from_path([province]));
    }
    if let Some(source) = &article.source {
        doc.add_facet(fields.source_facet, Facet::from_path([source]));
    }
    if let Some(date) = article.date {
        doc.add_date(fields.date, vietnam_instant(date, article.time));
        doc.add_facet(fields.date_facet, date_facet(date));
        doc.add_u64(fields.year, u64::try_from(date.year()).unwrap_or(0));
        if let Some(time) = article.time {
            doc.add_text(fields.time, time.to_string());
        }
    }
    if let Some(line) = article.line {
        doc.add_u64(fields.line, line);
    }
    if let Some(year) = article.date_inferred {
        doc.add_i64(fields.date_inferred, i64::from(year));
    }
    doc.add_text(fields.file_key, file_key);
    doc
}

/// Where an article falls in samples of articles, from 0 to 2^32 - 1: a
/// hash of its id (64-bit FNV-1a, then SplitMix64's finalizer so that ids
/// differing in their last letter spread over the whole range), the same
/// on every machine and in every build.
pub fn sample_key(id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (hash ^ (hash >> 31)) >> 32
}

/// `/yyyy/mm/dd`, zero-padded so that facet order is date order.
pub fn date_facet(date: Date) -> Facet {
    Facet::from_path([
        format!("{:04}", date.year()),
        format!("{:02}", date.month()),
        format!("{:02}", date.day()),
    ])
}

fn text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// An article as read back from the index.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct StoredArticle {
    pub id: String,
    /// The file the article came from.
    pub path: String,
    pub title: String,
    pub date: Option<Date>,
    pub time: Option<Time>,
    /// A year guessed from the text when no date is stated.
    pub date_inferred: Option<i32>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Province as at publication.
    pub city: Option<String>,
    pub district: Option<String>,
    /// Province on the map from 1 July 2025.
    pub province_2025: Option<String>,
    /// `local`, `national` or `international`.
    pub scope: String,
    /// Other provinces the article names, most mentioned first.
    pub mentions: Vec<String>,
    pub body: String,
    /// The line of a JSON Lines file the article came from (1-based).
    #[serde(skip)]
    pub line: Option<u64>,
}

/// Rebuilds the stored part of an article.
pub fn from_document(fields: &Fields, doc: &TantivyDocument) -> StoredArticle {
    let date = doc
        .get_first(fields.date)
        .and_then(|v| v.as_datetime())
        .map(|instant| vietnam_date_time(instant).0);
    let time = text(doc, fields.time).and_then(|t| Time::parse(&t));
    StoredArticle {
        id: text(doc, fields.id).unwrap_or_default(),
        path: text(doc, fields.path).unwrap_or_default(),
        title: text(doc, fields.title).unwrap_or_default(),
        date,
        time,
        date_inferred: doc
            .get_first(fields.date_inferred)
            .and_then(|v| v.as_i64())
            .and_then(|y| i32::try_from(y).ok()),
        source: text(doc, fields.source),
        url: text(doc, fields.url),
        city: text(doc, fields.city),
        district: text(doc, fields.district),
        province_2025: text(doc, fields.province_2025),
        scope: text(doc, fields.scope).unwrap_or_default(),
        mentions: doc
            .get_all(fields.mentions)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        body: text(doc, fields.body).unwrap_or_default(),
        line: doc.get_first(fields.line).and_then(|v| v.as_u64()),
    }
}

#[cfg(test)]
mod tests {
    use super::sample_key;

    #[test]
    fn sample_keys_are_spread_evenly_below_2_to_the_32() {
        let keys: Vec<u64> = (0..10_000).map(|i| sample_key(&format!("a{i}"))).collect();
        assert!(keys.iter().all(|&k| k < 1 << 32));
        // Ids that differ only in their last letters land all over the
        // range: about a quarter of them in each quarter.
        for quarter in 0..4u64 {
            let range = (quarter << 30)..((quarter + 1) << 30);
            let share = keys.iter().filter(|k| range.contains(k)).count();
            assert!(
                (2_300..2_700).contains(&share),
                "quarter {quarter}: {share}"
            );
        }
    }

    /// The key must be the same on every machine and in every build (it
    /// decides which articles a sampled estimate reads, and so the
    /// ranking): a change here needs a new schema version.
    /// `tuoitre-123` through 64-bit FNV-1a and SplitMix64's finalizer,
    /// computed apart from this code (in Python, from the published
    /// constants).
    const PINNED: u64 = 3_668_546_332;

    #[test]
    fn a_sample_key_is_pinned() {
        assert_eq!(sample_key("tuoitre-123"), PINNED);
        assert_ne!(sample_key("tuoitre-123"), sample_key("tuoitre-124"));
    }
}
