//! Hit records for scripts: the columns of `--format jsonl|csv`, the
//! `--fields` selection and citation lines. One mapping from a hit to its
//! fields serves JSON, JSON Lines and CSV alike.

use std::io::Write;

use anyhow::Result;
use serde_json::{Map, Value};

use super::usage_error;
use crate::search::Hit;

/// Every exportable column, in default order.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "date",
    "source",
    "city",
    "district",
    "province_2025",
    "url",
    "path",
    "score",
    "snippet",
    "citation",
    "body",
];

/// The default columns: all but `body` (large; ask for it with
/// `--fields`) and `citation` (which `--cite` adds).
pub fn default_fields(cite: bool) -> Vec<String> {
    FIELDS
        .iter()
        .filter(|f| **f != "body" && (cite || **f != "citation"))
        .map(|f| f.to_string())
        .collect()
}

/// Parses `--fields id,title,date`.
pub fn parse_fields(list: &str, cite: bool) -> Result<Vec<String>> {
    let mut fields = Vec::new();
    for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !FIELDS.contains(&name) {
            return Err(usage_error(format!(
                "unknown field `{name}` in --fields; choose from {}",
                FIELDS.join(", ")
            )));
        }
        fields.push(name.to_string());
    }
    if fields.is_empty() {
        return Err(usage_error(
            "--fields is empty; e.g. --fields id,title,date",
        ));
    }
    if cite && !fields.iter().any(|f| f == "citation") {
        fields.push("citation".to_string());
    }
    Ok(fields)
}

/// `Outlet. "Title". dd/mm/yyyy. URL-or-path` (n.d. when undated).
pub fn citation(hit: &Hit) -> String {
    let a = &hit.article;
    let outlet = a.source.as_deref().unwrap_or("Unknown outlet");
    let date = a.date.map_or_else(
        || "n.d.".to_string(),
        |d| format!("{:02}/{:02}/{:04}", d.day, d.month, d.year),
    );
    let location = a.url.as_deref().unwrap_or(&a.path);
    format!("{outlet}. “{}”. {date}. {location}", a.title)
}

/// The value of one column for one hit.
pub fn value(hit: &Hit, field: &str) -> Value {
    let a = &hit.article;
    let text = |s: &Option<String>| s.as_ref().map_or(Value::Null, |s| Value::String(s.clone()));
    match field {
        "id" => Value::String(a.id.clone()),
        "title" => Value::String(a.title.clone()),
        "date" => a.date.map_or(Value::Null, |d| Value::String(d.iso())),
        "source" => text(&a.source),
        "city" => text(&a.locality.city),
        "district" => text(&a.locality.district),
        "province_2025" => text(&a.locality.province_2025),
        "url" => text(&a.url),
        "path" => Value::String(a.path.clone()),
        "score" => hit
            .score
            .and_then(|s| serde_json::Number::from_f64((f64::from(s) * 1e4).round() / 1e4))
            .map_or(Value::Null, Value::Number),
        "snippet" => Value::String(hit.snippet.to_html()),
        "citation" => Value::String(citation(hit)),
        "body" => Value::String(a.body.clone()),
        _ => Value::Null,
    }
}

/// A JSON object of the selected columns.
pub fn record(hit: &Hit, fields: &[String]) -> Map<String, Value> {
    fields.iter().map(|f| (f.clone(), value(hit, f))).collect()
}

/// RFC 4180 quoting: fields with commas, quotes or line breaks are quoted
/// and quotes doubled.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

pub fn write_csv_row<'a>(
    out: &mut impl Write,
    cells: impl IntoIterator<Item = &'a str>,
) -> std::io::Result<()> {
    let line: Vec<String> = cells.into_iter().map(csv_field).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

/// A hit as a CSV row of the selected columns (null → empty).
pub fn write_csv_hit(out: &mut impl Write, hit: &Hit, fields: &[String]) -> std::io::Result<()> {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| match value(hit, f) {
            Value::Null => String::new(),
            Value::String(s) => s,
            other => other.to_string(),
        })
        .collect();
    write_csv_row(out, cells.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(csv_field(input), want);
        }
    }

    #[test]
    fn field_lists() {
        assert_eq!(
            parse_fields("id, title", false).unwrap(),
            vec!["id", "title"]
        );
        assert_eq!(parse_fields("id", true).unwrap(), vec!["id", "citation"]);
        assert!(parse_fields("id,nope", false)
            .unwrap_err()
            .to_string()
            .contains("unknown field `nope`"));
        assert!(parse_fields(",", false).is_err());
    }
}
