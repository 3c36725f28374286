//! Options shared by the commands that run a query (`search`, `count`):
//! the query words, filters and match mode, and opening the index (built
//! from `corpus/` on first use).

use anyhow::{Context, Result};
use clap::Args;
use tantivy::Searcher;

use super::{index as index_cmd, IndexDir};
use crate::index::{self, store::Found, writer, VnIndex};
use crate::search::{FilterArgs, MatchMode, SearchRequest, Typos};

/// Standard input is read no further than this: well past the longest
/// query allowed, so an over-long one gets the query-length error, and a
/// stream that never ends costs nothing.
const MAX_STDIN_QUERY_BYTES: u64 = 64 * 1024;

#[derive(Args, Debug)]
pub struct QueryArgs {
    /// The query: words (with or without diacritics), "quoted phrases",
    /// OR, -word or NOT word, (groups), title:/source:/city:/district:/year:
    /// fields, and word* prefixes. Several arguments are joined by spaces;
    /// quote the query (or put `--` before it) when it starts with `-`.
    /// `-` alone reads the query from standard input.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,
    /// Only articles about this province/city as at publication (any
    /// spelling: "Hải Phòng", "hai phong", "TP Hải Phòng", "Haiphong");
    /// repeat for several.
    #[arg(long, value_name = "NAME")]
    pub city: Vec<String>,
    /// Only articles about this district ("Hoàng Mai", "Quận Hoàng Mai").
    #[arg(long, value_name = "NAME")]
    pub district: Vec<String>,
    /// Only articles about places in this province on the map from 1 July
    /// 2025 ("Vĩnh Long" includes the former Bến Tre and Trà Vinh).
    #[arg(long = "province-2025", value_name = "NAME")]
    pub province_2025: Vec<String>,
    /// Only articles from this outlet, by its byline abbreviation, name or
    /// web domain, with or without diacritics: "PLVN", "Pháp luật Việt
    /// Nam", "baophapluat.vn"; "ĐCSVN" or "dcsvn"; "dantri", "Dân trí";
    /// repeat for several.
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Published on or after DATE: 2023, 2023-12, 2023-12-19 or 19/12/2023.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Published on or before DATE (the whole year/month/day is included).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only local, national or international news (what the article is
    /// about: a province or district, the country or central bodies, or
    /// other countries); repeat for several.
    #[arg(long, value_name = "SCOPE")]
    pub scope: Vec<String>,
    /// Published in this year (or month: 2023-12); repeat for several.
    #[arg(long, value_name = "YEAR")]
    pub year: Vec<String>,
    /// `all`: every word must occur (if none has them all, articles with the
    /// most words come first); `any`: any word, ranked by score.
    #[arg(
        long = "match",
        value_name = "MODE",
        default_value = "all",
        value_parser = super::choice::<MatchMode>(MatchMode::NAMES)
    )]
    pub mode: MatchMode,
    /// `on`: a word the index does not know (one or two letters wrong:
    /// `hai phog`) is also searched as its likeliest correction from the
    /// index's own words, ranked below exact matches, and the correction is
    /// reported; quoted phrases, prefixes and numbers are never corrected.
    /// `off`: search the words only as typed.
    #[arg(
        long,
        value_name = "ON|OFF",
        default_value = "on",
        value_parser = super::choice::<Typos>(Typos::NAMES)
    )]
    pub typos: Typos,
    /// CSV cells exactly as stored: without it, a cell starting with =, +,
    /// -, @, tab or carriage return gets a leading ' so a spreadsheet shows
    /// it instead of running it as a formula.
    #[arg(long)]
    pub raw_csv: bool,
    #[command(flatten)]
    pub index: IndexDir,
}

impl QueryArgs {
    /// The query: the arguments joined by spaces, or standard input when
    /// the only argument is `-` (a long question kept in a file).
    fn text(&self) -> Result<String> {
        if self.query == ["-"] {
            return super::read_stdin("the query", MAX_STDIN_QUERY_BYTES);
        }
        Ok(self.query.join(" "))
    }

    /// The search these options ask for (first page, by relevance).
    pub fn request(&self) -> Result<SearchRequest> {
        Ok(SearchRequest {
            filters: FilterArgs {
                cities: self.city.clone(),
                districts: self.district.clone(),
                provinces_2025: self.province_2025.clone(),
                sources: self.source.clone(),
                from: self.from.clone(),
                to: self.to.clone(),
                years: self.year.clone(),
                scopes: self.scope.clone(),
            },
            mode: self.mode,
            typos: self.typos,
            ..SearchRequest::new(self.text()?)
        })
    }
}

/// Builds the index at `path` from `corpus/` when there is none yet (a
/// fresh checkout), saying so on stderr.
pub fn ensure_index(path: &std::path::Path) -> Result<()> {
    if matches!(
        index::store::find(path)?,
        Found::Missing | Found::Incomplete
    ) {
        eprintln!(
            "vnsearch: no index at `{}` yet; building it from `corpus` first",
            path.display()
        );
        let report = index_cmd::build(
            writer::default_corpus(),
            path.to_path_buf(),
            true,
            writer::DEFAULT_MEMORY_MB,
        )?;
        eprintln!("vnsearch: {}", index_cmd::summary(&report));
    }
    Ok(())
}

/// Opens the index at `dir` for reading, building it first if needed.
pub fn open_index(dir: &IndexDir) -> Result<(VnIndex, Searcher)> {
    ensure_index(&dir.path)?;
    let (index, _) = index::open(&dir.path)?;
    let reader = index
        .index
        .reader()
        .context("opening the index for reading")?;
    let searcher = reader.searcher();
    Ok((index, searcher))
}
