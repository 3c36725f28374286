//! JSON records (`.json`, `.jsonl`, `.jsonl.gz`) → [`Article`].
//!
//! Records already separate title and text, but their text can still carry
//! site chrome, their dates come in several forms, their `source` is
//! spelled per crawler, and a `city` given by the producer must be checked
//! against the gazetteer rather than trusted.

use serde_json::Value;

use super::article::Article;
use super::text_article::finish;
use super::{boilerplate, date, source};
use crate::gazetteer::Gazetteer;

fn string_field(record: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match record.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The keys an article's text may be under, in the order they are tried.
pub const TEXT_KEYS: [&str; 3] = ["text", "body", "content"];

/// A record's text: the first of [`TEXT_KEYS`] that holds one.
pub fn text_of(record: &serde_json::Map<String, Value>) -> Option<String> {
    TEXT_KEYS.iter().find_map(|key| string_field(record, key))
}

/// A record's own `id`, if it has one.
pub fn id_of(record: &serde_json::Map<String, Value>) -> Option<String> {
    string_field(record, "id")
}

/// The record's `url` if it is a web address (`http:` or `https:`). Any
/// other scheme is dropped with a warning: the page links to it and the
/// API hands it to other programs, and a `javascript:` or `data:` address
/// there would run code in the reader's browser.
fn web_url(record: &serde_json::Map<String, Value>, warnings: &mut Vec<String>) -> Option<String> {
    let url = string_field(record, "url")?;
    if is_web_url(&url) {
        return Some(url);
    }
    let shown: String = url.chars().take(40).collect();
    let more = if shown.len() < url.len() { "…" } else { "" };
    warnings.push(format!(
        "url `{}{more}` is not an http(s) address; dropped",
        shown.escape_debug()
    ));
    None
}

/// `http://…` or `https://…`, in any case.
pub fn is_web_url(url: &str) -> bool {
    let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && url[scheme.len()..].starts_with("://")
}

/// Builds an article from one JSON value. `fallback_id` is used when the
/// record has no `id` (`file#line`). `Err` means the record is unusable.
pub fn from_value(
    value: &Value,
    fallback_id: String,
    path: String,
    gazetteer: &Gazetteer,
) -> Result<Article, String> {
    let Value::Object(record) = value else {
        return Err("not a JSON object".into());
    };
    let text = text_of(record);
    let title = string_field(record, "title");
    if text.is_none() && title.is_none() {
        return Err("record has neither `title` nor `text`".into());
    }
    let text = text.unwrap_or_default();
    let mut warnings = Vec::new();
    let mut article = Article {
        id: id_of(record).unwrap_or(fallback_id),
        path,
        original: text.clone(),
        url: web_url(record, &mut warnings),
        source: string_field(record, "source").and_then(|s| source::display_name(&s)),
        ..Article::default()
    };
    article.warnings.append(&mut warnings);
    let lines: Vec<&str> = text.lines().collect();
    let mut paragraphs = boilerplate::clean(&lines);
    // A lead marker inside the text names the outlet when the record does not.
    if let Some(first) = paragraphs.first_mut() {
        if let Some((name, end)) = source::lead_marker(first) {
            article.source.get_or_insert(name);
            *first = first[end..].to_owned();
        }
    }
    article.title = match title {
        Some(t) => t,
        None => {
            article.warnings.push("record has no `title`".into());
            String::new()
        }
    };
    if let Some(raw) = string_field(record, "date") {
        match date::parse_date(&raw) {
            Some((d, t)) => {
                article.date = Some(d);
                article.time = t;
            }
            None => article
                .warnings
                .push(format!("unrecognised date `{raw}`; date left empty")),
        }
    }
    let city = match string_field(record, "city") {
        Some(name) => match gazetteer.province(&name) {
            Some(p) => Some(p),
            None => {
                let hint = gazetteer.suggest(&name, 1);
                article.warnings.push(match hint.first() {
                    Some(h) => format!("unknown city `{name}`; did you mean {h}?"),
                    None => format!("unknown city `{name}`"),
                });
                None
            }
        },
        None => None,
    };
    finish(
        &mut article,
        std::mem::take(&mut paragraphs),
        gazetteer,
        city,
    );
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_web_addresses() {
        assert!(is_web_url("https://dantri.com.vn/a.htm"));
        assert!(is_web_url("HTTP://a.vn"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//a.vn",
            "httpx://a",
            "http:a",
            "a.vn",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn records() {
        let g = Gazetteer::get();
        let a = from_value(
            &json!({"id": "24h-1", "title": "Công an triệt phá đường dây xăng giả tại TP.HCM", "date": "2026-02-03T13:45:00+00:00", "source": "24h.com.vn", "text": "Lưu bài viết thành công Bạn có thể xem lại bài viết đã lưu ở trangTin bài đã lưu 8 đối tượng bị khởi tố."}),
            "f#1".into(),
            "f.jsonl".into(),
            g,
        )
        .unwrap();
        assert_eq!(a.id, "24h-1");
        assert_eq!(a.body, "8 đối tượng bị khởi tố.");
        assert_eq!(a.date.unwrap().iso(), "2026-02-03");
        assert_eq!(a.source.as_deref(), Some("24h"));
        assert_eq!(a.locality.city.as_deref(), Some("Hồ Chí Minh"));

        let b = from_value(
            &json!({"title": "Tin", "text": "Nội dung.", "city": "ben tre", "date": 20240101}),
            "f#2".into(),
            "f.jsonl".into(),
            g,
        )
        .unwrap();
        assert_eq!(b.id, "f#2");
        assert_eq!(b.locality.city.as_deref(), Some("Bến Tre"));
        assert_eq!(b.locality.province_2025.as_deref(), Some("Vĩnh Long"));
        assert_eq!(
            b.warnings,
            ["unrecognised date `20240101`; date left empty"]
        );

        let c = from_value(
            &json!({"title": "T", "text": "x", "city": "hai phongg"}),
            "i".into(),
            "p".into(),
            g,
        )
        .unwrap();
        assert_eq!(
            c.warnings,
            ["unknown city `hai phongg`; did you mean Hải Phòng?"]
        );

        let d = from_value(
            &json!({"title": "T", "text": "x", "url": " javaScript:alert(1)"}),
            "i".into(),
            "p".into(),
            g,
        )
        .unwrap();
        assert_eq!(d.url, None);
        assert_eq!(
            d.warnings,
            ["url `javaScript:alert(1)` is not an http(s) address; dropped"]
        );

        assert!(from_value(&json!([1, 2]), "i".into(), "p".into(), g).is_err());
        assert!(from_value(&json!({"id": 3}), "i".into(), "p".into(), g).is_err());
    }
}
