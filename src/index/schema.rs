//! The index schema, declared once. Every field name is a constant here and
//! every other module refers to fields through [`Fields`].
//!
//! Title and body are each indexed as exact words and folded words (with
//! positions), so that ranking can prefer exact diacritics; titles also as
//! folded run-together bigrams, for adjacent syllables. Bodies have no
//! bigram field: their adjacent query words are counted from positions at
//! query time (`search/pairs.rs`), which made a full build a third faster
//! (docs/indexing.md). The text itself is stored once, in `title` and
//! `body`, for display and snippets.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analysis::Analyzer;

/// Bumped whenever the schema or the analysis changes what is indexed; an
/// index with another version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 7;

pub const ID: &str = "id";
pub const PATH: &str = "path";
pub const TITLE: &str = "title";
pub const BODY: &str = "body";
pub const URL: &str = "url";
pub const SOURCE: &str = "source";
pub const CITY: &str = "city";
pub const DISTRICT: &str = "district";
pub const PROVINCE_2025: &str = "province_2025";
/// `local`, `national` or `international`: what kind of news it is.
pub const SCOPE: &str = "scope";
pub const MENTIONS: &str = "mentions";
pub const DATE: &str = "date";
pub const TIME: &str = "time";
pub const DATE_INFERRED: &str = "date_inferred";
/// Publication year, a fast field for counting matches per year.
pub const YEAR: &str = "year";
/// The line of a JSON Lines file an article came from, for `show`.
pub const LINE: &str = "line";

pub const TITLE_EXACT: &str = "title_exact";
pub const TITLE_FOLDED: &str = "title_folded";
pub const TITLE_BIGRAM_FOLDED: &str = "title_bigram_folded";
pub const BODY_EXACT: &str = "body_exact";
pub const BODY_FOLDED: &str = "body_folded";
/// How many pairs of neighbouring words the body has: the length its
/// pairs are scored with (`search/pairs.rs`).
pub const BODY_PAIRS: &str = "body_pairs";
/// A hash of the article's id: which articles a sampled estimate looks at
/// (`search/pairs.rs`), the same however a build splits them into
/// segments, so that two builds of the same articles rank alike.
pub const SAMPLE_KEY: &str = "sample_key";

/// `/city/district`, pre-2025 map.
pub const PLACE_FACET: &str = "place_facet";
/// `/province`, post-2025 map.
pub const PROVINCE_2025_FACET: &str = "province_2025_facet";
/// `/local`, `/national`, `/international`.
pub const SCOPE_FACET: &str = "scope_facet";
/// `/yyyy/mm/dd`.
pub const DATE_FACET: &str = "date_facet";
pub const SOURCE_FACET: &str = "source_facet";

/// The canonical path of the article's file: what an incremental update
/// deletes by when the file changes or disappears.
pub const FILE_KEY: &str = "file_key";

/// The indexed forms of one text (title or body).
#[derive(Clone, Copy, Debug)]
pub struct TextFields {
    pub exact: Field,
    pub folded: Field,
    /// Titles only.
    pub bigram_folded: Option<Field>,
}

impl TextFields {
    /// Each field with the analyzer that fills it.
    pub fn with_analyzers(&self) -> Vec<(Field, Analyzer)> {
        let mut fields = vec![
            (self.exact, Analyzer::Exact),
            (self.folded, Analyzer::Folded),
        ];
        fields.extend(self.bigram_folded.map(|f| (f, Analyzer::BigramFolded)));
        fields
    }
}

/// Resolved field handles.
#[derive(Clone, Debug)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub title: Field,
    pub body: Field,
    pub url: Field,
    pub source: Field,
    pub city: Field,
    pub district: Field,
    pub province_2025: Field,
    pub scope: Field,
    pub mentions: Field,
    pub date: Field,
    pub time: Field,
    pub date_inferred: Field,
    pub year: Field,
    pub line: Field,
    pub title_text: TextFields,
    pub body_text: TextFields,
    pub body_pairs: Field,
    pub sample_key: Field,
    pub place_facet: Field,
    pub province_2025_facet: Field,
    pub scope_facet: Field,
    pub date_facet: Field,
    pub source_facet: Field,
    pub file_key: Field,
}

fn analyzed(analyzer: Analyzer) -> TextOptions {
    let record = match analyzer {
        // Phrase queries and body pairs (the second stage of ranking) run
        // on folded words, so only they keep positions.
        Analyzer::Folded => IndexRecordOption::WithFreqsAndPositions,
        // Title adjacency is in the bigrams; the exact spelling is
        // preferred word by word (exact bigrams were a fifth of the index
        // and changed no ranking figure once exact forms stopped adding to
        // folded ones; docs/ranking.md).
        Analyzer::Exact | Analyzer::BigramFolded => IndexRecordOption::WithFreqs,
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer.name())
            .set_index_option(record),
    )
}

/// Builds the schema. The only place fields are declared.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field(ID, STRING | STORED);
    b.add_text_field(PATH, STRING | STORED);
    b.add_text_field(TITLE, STORED);
    b.add_text_field(BODY, STORED);
    b.add_text_field(URL, STORED);
    // Raw, stored and fast: shown in results and counted per match.
    b.add_text_field(SOURCE, STRING | STORED | FAST);
    b.add_text_field(CITY, STRING | STORED | FAST);
    b.add_text_field(DISTRICT, STORED);
    b.add_text_field(PROVINCE_2025, STORED);
    b.add_text_field(SCOPE, STRING | STORED | FAST);
    b.add_text_field(MENTIONS, STORED);
    b.add_date_field(
        DATE,
        DateOptions::default()
            .set_indexed()
            .set_fast()
            .set_stored()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_text_field(TIME, STORED);
    b.add_u64_field(YEAR, FAST);
    b.add_u64_field(BODY_PAIRS, FAST);
    b.add_u64_field(SAMPLE_KEY, FAST);
    b.add_u64_field(LINE, STORED);
    b.add_i64_field(DATE_INFERRED, STORED);
    for (name, analyzer) in [
        (TITLE_EXACT, Analyzer::Exact),
        (TITLE_FOLDED, Analyzer::Folded),
        (TITLE_BIGRAM_FOLDED, Analyzer::BigramFolded),
        (BODY_EXACT, Analyzer::Exact),
        (BODY_FOLDED, Analyzer::Folded),
    ] {
        b.add_text_field(name, analyzed(analyzer));
    }
    for name in [
        PLACE_FACET,
        PROVINCE_2025_FACET,
        SCOPE_FACET,
        DATE_FACET,
        SOURCE_FACET,
    ] {
        b.add_facet_field(name, FacetOptions::default());
    }
    b.add_text_field(FILE_KEY, STRING);
    b.build()
}

impl Fields {
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f(ID)?,
            path: f(PATH)?,
            title: f(TITLE)?,
            body: f(BODY)?,
            url: f(URL)?,
            source: f(SOURCE)?,
            city: f(CITY)?,
            district: f(DISTRICT)?,
            province_2025: f(PROVINCE_2025)?,
            scope: f(SCOPE)?,
            mentions: f(MENTIONS)?,
            date: f(DATE)?,
            time: f(TIME)?,
            date_inferred: f(DATE_INFERRED)?,
            year: f(YEAR)?,
            line: f(LINE)?,
            title_text: TextFields {
                exact: f(TITLE_EXACT)?,
                folded: f(TITLE_FOLDED)?,
                bigram_folded: Some(f(TITLE_BIGRAM_FOLDED)?),
            },
            body_text: TextFields {
                exact: f(BODY_EXACT)?,
                folded: f(BODY_FOLDED)?,
                bigram_folded: None,
            },
            body_pairs: f(BODY_PAIRS)?,
            sample_key: f(SAMPLE_KEY)?,
            place_facet: f(PLACE_FACET)?,
            province_2025_facet: f(PROVINCE_2025_FACET)?,
            scope_facet: f(SCOPE_FACET)?,
            date_facet: f(DATE_FACET)?,
            source_facet: f(SOURCE_FACET)?,
            file_key: f(FILE_KEY)?,
        })
    }
}
