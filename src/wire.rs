//! The JSON (and CSV) contracts that scripts and HTTP clients rely on:
//! `search --json`, JSON Lines and CSV exports, `count --json` and
//! `show --json`. Each is a `Serialize` type here, used by every front end
//! (the CLI and the HTTP API), so the same request gives the same bytes
//! everywhere and renaming a field is a compile error, not a silent break.

use std::str::FromStr;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::index::document::StoredArticle;
use crate::search::{
    CountTable, Facets, Hit, Interval, ScorePart, SearchResults, Timeline, TimelinePoint,
};

/// A column of a hit record, as named in `--fields`, JSON and CSV headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Id,
    Title,
    Date,
    Source,
    City,
    District,
    Province2025,
    Scope,
    Url,
    Path,
    Score,
    Snippet,
    Citation,
    Body,
}

impl Field {
    /// Every column, in the order records list them.
    pub const ALL: &'static [Field] = &[
        Field::Id,
        Field::Title,
        Field::Date,
        Field::Source,
        Field::City,
        Field::District,
        Field::Province2025,
        Field::Scope,
        Field::Url,
        Field::Path,
        Field::Score,
        Field::Snippet,
        Field::Citation,
        Field::Body,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Title => "title",
            Field::Date => "date",
            Field::Source => "source",
            Field::City => "city",
            Field::District => "district",
            Field::Province2025 => "province_2025",
            Field::Scope => "scope",
            Field::Url => "url",
            Field::Path => "path",
            Field::Score => "score",
            Field::Snippet => "snippet",
            Field::Citation => "citation",
            Field::Body => "body",
        }
    }

    /// The default columns: all but `body` (large; ask for it) and
    /// `citation` (added by `cite`).
    pub fn defaults(cite: bool) -> Vec<Field> {
        Field::ALL
            .iter()
            .copied()
            .filter(|f| *f != Field::Body && (cite || *f != Field::Citation))
            .collect()
    }

    /// Parses `id,title,date`; `cite` adds `citation` if missing.
    pub fn parse_list(list: &str, cite: bool) -> Result<Vec<Field>, String> {
        let mut fields = Vec::new();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            fields.push(name.parse()?);
        }
        if fields.is_empty() {
            return Err("--fields is empty; e.g. --fields id,title,date".into());
        }
        if cite && !fields.contains(&Field::Citation) {
            fields.push(Field::Citation);
        }
        Ok(fields)
    }
}

impl FromStr for Field {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Field::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown field `{s}` in --fields; choose from {}",
                    names.join(", ")
                )
            })
    }
}

/// `Outlet. "Title". dd/mm/yyyy. URL-or-path` (n.d. when undated).
pub fn citation(article: &StoredArticle) -> String {
    let outlet = article.source.as_deref().unwrap_or("Unknown outlet");
    let date = article
        .date
        .map_or_else(|| "n.d.".to_string(), |d| d.vietnamese());
    let location = article.url.as_deref().unwrap_or(&article.path);
    format!("{outlet}. “{}”. {date}. {location}", article.title)
}

/// One hit with every column (`citation` and `body` only when asked for).
/// Serialized as is, it is a hit of `search --json`.
#[derive(Clone, Debug, Serialize)]
pub struct HitRecord<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: Option<String>,
    pub source: Option<&'a str>,
    pub city: Option<&'a str>,
    pub district: Option<&'a str>,
    pub province_2025: Option<&'a str>,
    /// `local`, `national` or `international`.
    pub scope: &'a str,
    pub url: Option<&'a str>,
    pub path: &'a str,
    /// Rounded to 4 decimals; `null` when sorted by date.
    pub score: Option<f64>,
    /// HTML-escaped, matches in `<b>…</b>`.
    pub snippet: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
    /// The score broken down (`--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<&'a ScorePart>,
}

impl<'a> HitRecord<'a> {
    pub fn new(hit: &'a Hit, fields: &[Field]) -> HitRecord<'a> {
        let a = &hit.article;
        HitRecord {
            id: &a.id,
            title: &a.title,
            date: a.date.map(|d| d.iso()),
            source: a.source.as_deref(),
            city: a.city.as_deref(),
            district: a.district.as_deref(),
            province_2025: a.province_2025.as_deref(),
            scope: &a.scope,
            url: a.url.as_deref(),
            path: &a.path,
            score: hit
                .score
                .map(|s| (f64::from(s) * 1e4).round() / 1e4)
                .filter(|s| s.is_finite()),
            snippet: hit.snippet.to_html(),
            citation: fields.contains(&Field::Citation).then(|| citation(a)),
            body: fields.contains(&Field::Body).then_some(a.body.as_str()),
            explain: hit.explanation.as_ref(),
        }
    }

    /// One column's value, for JSON Lines and CSV.
    pub fn cell(&self, field: Field) -> serde_json::Value {
        use serde_json::Value;
        let text = |s: Option<&str>| s.map_or(Value::Null, |s| Value::String(s.to_string()));
        match field {
            Field::Id => self.id.into(),
            Field::Title => self.title.into(),
            Field::Date => text(self.date.as_deref()),
            Field::Source => text(self.source),
            Field::City => text(self.city),
            Field::District => text(self.district),
            Field::Province2025 => text(self.province_2025),
            Field::Scope => self.scope.into(),
            Field::Url => text(self.url),
            Field::Path => self.path.into(),
            Field::Score => self
                .score
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
            Field::Snippet => self.snippet.as_str().into(),
            Field::Citation => text(self.citation.as_deref()),
            Field::Body => text(self.body),
        }
    }

    /// The record restricted to `fields`, in that order (JSON Lines).
    pub fn selected<'r>(&'r self, fields: &'r [Field]) -> Selected<'r, 'a> {
        Selected {
            record: self,
            fields,
        }
    }

    /// The CSV cells of `fields` (null → empty).
    pub fn csv_cells(&self, fields: &[Field]) -> Vec<String> {
        fields
            .iter()
            .map(|f| match self.cell(*f) {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .collect()
    }
}

/// A hit record with only the selected columns (`--fields`).
pub struct Selected<'r, 'a> {
    record: &'r HitRecord<'a>,
    fields: &'r [Field],
}

impl Serialize for Selected<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for field in self.fields {
            map.serialize_entry(field.name(), &self.record.cell(*field))?;
        }
        map.end()
    }
}

/// `search --json` and `GET /api/search`.
#[derive(Serialize)]
pub struct SearchResponse<'a> {
    pub query: &'a str,
    pub total: usize,
    pub took_ms: f64,
    pub relaxed: bool,
    /// The query with its typos corrected (as the user would type it), or
    /// null when nothing was corrected.
    pub did_you_mean: Option<&'a str>,
    /// The same in its usual Vietnamese spelling (`hải phòng`), for people.
    pub did_you_mean_accented: Option<&'a str>,
    pub hits: Vec<HitRecord<'a>>,
    pub facets: &'a Facets,
}

impl<'a> SearchResponse<'a> {
    pub fn new(query: &'a str, results: &'a SearchResults) -> SearchResponse<'a> {
        let fields = Field::defaults(false);
        SearchResponse {
            query,
            total: results.total,
            took_ms: (results.took_ms * 1000.0).round() / 1000.0,
            relaxed: results.relaxed,
            did_you_mean: results.corrections.did_you_mean.as_deref(),
            did_you_mean_accented: results.corrections.did_you_mean_accented.as_deref(),
            hits: results
                .hits
                .iter()
                .map(|h| HitRecord::new(h, &fields))
                .collect(),
            facets: &results.facets,
        }
    }
}

/// `count --json` and `GET /api/count`.
#[derive(Serialize)]
pub struct CountResponse<'a> {
    pub query: &'a str,
    pub total: usize,
    pub by: Vec<&'static str>,
    pub rows: Vec<CountRow<'a>>,
    /// Matches with no value for the first field.
    pub unassigned: u64,
    pub relaxed: bool,
}

/// `{"city": "Hà Nội", "year": "2023", "count": 3}`.
pub struct CountRow<'a> {
    names: &'a [&'static str],
    values: &'a [String],
    count: u64,
}

impl Serialize for CountRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.names.len() + 1))?;
        for (name, value) in self.names.iter().zip(self.values) {
            map.serialize_entry(name, value)?;
        }
        map.serialize_entry("count", &self.count)?;
        map.end()
    }
}

impl<'a> CountResponse<'a> {
    pub fn new(query: &'a str, table: &'a CountTable, names: &'a [&'static str]) -> Self {
        CountResponse {
            query,
            total: table.total,
            by: names.to_vec(),
            rows: table
                .rows
                .iter()
                .map(|row| CountRow {
                    names,
                    values: &row.values,
                    count: row.count,
                })
                .collect(),
            unassigned: table.unassigned,
            relaxed: table.relaxed,
        }
    }
}

/// `show --json` and `GET /api/articles/{id}`.
#[derive(Serialize)]
pub struct ArticleResponse<'a> {
    #[serde(flatten)]
    pub article: &'a StoredArticle,
    /// The text as it is in its file now (`null` if the file is gone).
    pub original: Option<String>,
    /// The body with the query's matches in `<b>…</b>`, HTML-escaped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_highlighted: Option<String>,
}

/// `GET /api/timeline`: matches per period next to all articles of the
/// period, and the top cities.
#[derive(Serialize)]
pub struct TimelineResponse<'a> {
    pub query: &'a str,
    pub interval: Interval,
    pub total: usize,
    /// Matches with no stated date (not in any period).
    pub undated: u64,
    pub relaxed: bool,
    pub periods: &'a [TimelinePoint],
    pub cities: Vec<CityCount<'a>>,
}

#[derive(Serialize)]
pub struct CityCount<'a> {
    pub city: &'a str,
    pub count: u64,
}

impl<'a> TimelineResponse<'a> {
    pub fn new(query: &'a str, timeline: &'a Timeline) -> Self {
        TimelineResponse {
            query,
            interval: timeline.interval,
            total: timeline.total,
            undated: timeline.undated,
            relaxed: timeline.relaxed,
            periods: &timeline.periods,
            cities: timeline
                .cities
                .iter()
                .map(|(city, count)| CityCount {
                    city,
                    count: *count,
                })
                .collect(),
        }
    }

    /// The numbers behind the chart: `period,count,all,share`.
    pub fn write_csv(&self, out: &mut impl std::io::Write, mode: CsvCells) -> std::io::Result<()> {
        write_csv_row(out, ["period", "count", "all", "share"], mode)?;
        for p in self.periods {
            write_csv_row(
                out,
                [
                    p.period.clone(),
                    p.count.to_string(),
                    p.all.to_string(),
                    format!("{:.6}", p.share),
                ],
                mode,
            )?;
        }
        Ok(())
    }
}

/// Whether CSV cells that a spreadsheet would run as a formula are
/// defused. Researchers open exports in Excel and LibreOffice, and a
/// crawled headline such as `=HYPERLINK("http://evil", "x")` or
/// `@SUM(...)` would run there (OWASP "CSV injection"), so exports are
/// [`CsvCells::Safe`] unless the user asks for the raw text (`--raw-csv`,
/// `raw_csv=true`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvCells {
    /// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets
    /// a leading `'`, which spreadsheets read as "this is text".
    #[default]
    Safe,
    /// Cells exactly as stored.
    Raw,
}

impl CsvCells {
    pub fn raw_if(raw: bool) -> CsvCells {
        if raw {
            CsvCells::Raw
        } else {
            CsvCells::Safe
        }
    }
}

/// The characters that make a spreadsheet treat a cell as a formula
/// (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a spreadsheet will show it, never run it: with a leading `'`
/// when it starts like a formula.
pub fn neutralise_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// One CSV cell: neutralised (unless `cells` is raw), then RFC 4180
/// quoting: fields with commas, quotes or line breaks are quoted and quotes
/// doubled.
pub fn csv_field(text: &str, cells: CsvCells) -> String {
    let text = match cells {
        CsvCells::Safe => neutralise_formula(text),
        CsvCells::Raw => text.into(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// One CSV row, CRLF-terminated as RFC 4180 says.
pub fn write_csv_row<S: AsRef<str>>(
    out: &mut impl std::io::Write,
    cells: impl IntoIterator<Item = S>,
    mode: CsvCells,
) -> std::io::Result<()> {
    let line: Vec<String> = cells
        .into_iter()
        .map(|c| csv_field(c.as_ref(), mode))
        .collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Snippet;

    #[test]
    fn csv_quoting() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(csv_field(input, CsvCells::Safe), want);
            assert_eq!(csv_field(input, CsvCells::Raw), want);
        }
    }

    #[test]
    fn formulas_are_neutralised() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+84 912", "'+84 912"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            (
                "=HYPERLINK(\"http://e\",\"x\")",
                "\"'=HYPERLINK(\"\"http://e\"\",\"\"x\"\")\"",
            ),
            ("a=b", "a=b"),
            (" =x", " =x"),
            ("'quoted", "'quoted"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(csv_field(input, CsvCells::Safe), want, "{input:?}");
        }
        assert_eq!(csv_field("=1+1", CsvCells::Raw), "=1+1");
        assert_eq!(csv_field("\rx", CsvCells::Raw), "\"\rx\"");
    }

    #[test]
    fn field_lists() {
        assert_eq!(
            Field::parse_list("id, title", false).unwrap(),
            [Field::Id, Field::Title]
        );
        assert_eq!(
            Field::parse_list("id", true).unwrap(),
            [Field::Id, Field::Citation]
        );
        assert!(Field::parse_list("id,nope", false)
            .unwrap_err()
            .contains("unknown field `nope`"));
        assert!(Field::parse_list(",", false).is_err());
    }

    #[test]
    fn record_names_are_the_field_names() {
        let hit = Hit {
            score: Some(1.23456),
            article: StoredArticle {
                id: "a".into(),
                ..Default::default()
            },
            snippet: Snippet::default(),
            explanation: None,
        };
        let all = Field::ALL.to_vec();
        let record = HitRecord::new(&hit, &all);
        let value = serde_json::to_value(&record).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(keys, names);
        for field in Field::ALL {
            assert_eq!(value[field.name()], record.cell(*field), "{}", field.name());
        }
        assert_eq!(value["score"], 1.2346);
    }
}
