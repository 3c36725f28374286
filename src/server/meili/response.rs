//! What a Meilisearch client gets back: an article as a document
//! (`id, title, body, date, year, month, city, district, province_2025,
//! source, url, path`), and a hit's `_formatted` (highlighted and cropped
//! attributes), `_matchesPosition` and `_rankingScore`.
//!
//! Highlights use the search path's own matcher (`snippet::matches`), so
//! `dan van` marks `Dân vận` in the original accented text. As in
//! Meilisearch, `_formatted` text is NOT HTML-escaped: the client inserts
//! it as text, or escapes it before turning the tags into markup
//! (InstantSearch does; a page that uses `innerHTML` must).

use std::collections::HashSet;
use std::ops::Range;

use serde_json::{Map, Value};

use super::request::{SearchParams, ATTRIBUTES, TEXT_ATTRIBUTES};
use crate::analysis;
use crate::index::document::StoredArticle;
use crate::search::snippet;
use crate::search::{Highlight, Markup, Snippet};

/// An article as a Meilisearch document, attributes in [`ATTRIBUTES`] order.
pub fn document(article: &StoredArticle) -> Map<String, Value> {
    let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
    let mut doc = Map::new();
    doc.insert("id".into(), Value::String(article.id.clone()));
    doc.insert("title".into(), Value::String(article.title.clone()));
    doc.insert("body".into(), Value::String(article.body.clone()));
    doc.insert(
        "date".into(),
        article.date.map_or(Value::Null, |d| Value::String(d.iso())),
    );
    doc.insert(
        "year".into(),
        article.date.map_or(Value::Null, |d| Value::from(d.year())),
    );
    doc.insert(
        "month".into(),
        article.date.map_or(Value::Null, |d| {
            Value::String(format!("{:04}-{:02}", d.year(), d.month()))
        }),
    );
    doc.insert("city".into(), text(&article.city));
    doc.insert("district".into(), text(&article.district));
    doc.insert("province_2025".into(), text(&article.province_2025));
    doc.insert("source".into(), text(&article.source));
    doc.insert("url".into(), text(&article.url));
    doc.insert("path".into(), Value::String(article.path.clone()));
    doc
}

/// Keeps only the attributes asked for (`None`: all).
pub fn retrieve(doc: &Map<String, Value>, wanted: Option<&[String]>) -> Map<String, Value> {
    match wanted {
        None => doc.clone(),
        Some(names) => doc
            .iter()
            .filter(|(k, _)| names.iter().any(|n| n == *k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// `*` stands for every attribute.
fn expand(names: impl IntoIterator<Item = String>) -> HashSet<String> {
    let mut out = HashSet::new();
    for name in names {
        if name == "*" {
            out.extend(ATTRIBUTES.iter().map(|a| a.to_string()));
        } else {
            out.insert(name);
        }
    }
    out
}

/// A [`Snippet`] (text and highlight ranges) written with the client's
/// tags and no escaping.
fn render(snippet: &Snippet, params: &SearchParams, one_line: bool) -> String {
    snippet.render(Markup {
        open: &params.highlight_pre_tag,
        close: &params.highlight_post_tag,
        escape: str::to_string,
        one_line,
    })
}

/// The hit's `_formatted`, when highlighting or cropping was asked for:
/// every retrieved, highlighted or cropped attribute, the text ones with
/// their matches wrapped in the tags and cropped to their length.
pub fn formatted(
    doc: &Map<String, Value>,
    params: &SearchParams,
    terms: &Highlight,
) -> Option<Map<String, Value>> {
    if params.attributes_to_highlight.is_empty() && params.attributes_to_crop.is_empty() {
        return None;
    }
    let highlight = expand(params.attributes_to_highlight.iter().cloned());
    let crop_all = params.attributes_to_crop.iter().any(|(n, _)| n == "*");
    let crop_length = |name: &str| -> Option<usize> {
        params
            .attributes_to_crop
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, length)| length.unwrap_or(params.crop_length))
            .or(crop_all.then_some(params.crop_length))
    };
    let retrieved: Option<HashSet<&str>> = params
        .attributes_to_retrieve
        .as_ref()
        .map(|names| names.iter().map(String::as_str).collect());
    let mut out = Map::new();
    for (name, value) in doc {
        let crop = crop_length(name);
        let wanted = retrieved.as_ref().is_none_or(|r| r.contains(name.as_str()))
            || highlight.contains(name)
            || crop.is_some();
        if !wanted {
            continue;
        }
        let text = match value {
            Value::String(text) if TEXT_ATTRIBUTES.contains(&name.as_str()) => text,
            other => {
                out.insert(name.clone(), other.clone());
                continue;
            }
        };
        let highlighted = highlight.contains(name);
        // Matches place the crop window even when they are not marked.
        let ranges = if highlighted || crop.is_some() {
            snippet::matches(text, terms)
        } else {
            Vec::new()
        };
        let rendered = match crop {
            Some(words) => crop_text(text, ranges, words, highlighted, params),
            None => render(
                &Snippet {
                    text: text.clone(),
                    highlights: ranges,
                    cut_before: false,
                    cut_after: false,
                },
                params,
                false,
            ),
        };
        out.insert(name.clone(), Value::String(rendered));
    }
    Some(out)
}

/// The byte ranges of the words (runs of non-space) of `text`.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// `length` words of `text` around its best group of matches (the window
/// with most matches, centred on them), with the crop marker where text
/// was cut, as Meilisearch's `attributesToCrop` does. Without matches, the
/// first `length` words. `mark` wraps the matches in the highlight tags.
pub fn crop_text(
    text: &str,
    matches: Vec<Range<usize>>,
    length: usize,
    mark: bool,
    params: &SearchParams,
) -> String {
    let words = words(text);
    let length = length.max(1);
    if words.len() <= length {
        let whole = Snippet {
            text: text.to_string(),
            highlights: if mark { matches } else { Vec::new() },
            cut_before: false,
            cut_after: false,
        };
        return render(&whole, params, true).trim().to_string();
    }
    // The words each match starts and ends in, and the folded words it
    // holds: the window with most distinct matched words wins (as for
    // snippets), then the one with most matches, then the first.
    let word_of = |at: usize| words.partition_point(|w| w.end <= at);
    let starts: Vec<usize> = matches.iter().map(|m| word_of(m.start)).collect();
    let ends: Vec<usize> = matches
        .iter()
        .map(|m| word_of(m.end.saturating_sub(1)))
        .collect();
    let keys: Vec<Vec<String>> = matches
        .iter()
        .map(|m| {
            analysis::normalize(&text[m.clone()], analysis::Form::Folded)
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .collect();
    // (distinct words, matches, first word, last word)
    let mut best: Option<(usize, usize, usize, usize)> = None;
    for (i, &first) in starts.iter().enumerate() {
        let inside = starts[i..]
            .iter()
            .take_while(|&&w| w < first + length)
            .count();
        let distinct: HashSet<&String> = keys[i..i + inside].iter().flatten().collect();
        let last = ends[i..i + inside]
            .iter()
            .copied()
            .max()
            .unwrap_or(first)
            .min(first + length - 1);
        let score = (distinct.len(), inside);
        if best.is_none_or(|(d, n, ..)| score > (d, n)) {
            best = Some((score.0, score.1, first, last));
        }
    }
    let start = match best {
        Some((_, _, first, last)) => {
            let slack = length.saturating_sub(last - first + 1);
            first.saturating_sub(slack / 2).min(words.len() - length)
        }
        None => 0,
    };
    let end = start + length; // exclusive, in words
    let (from, to) = (words[start].start, words[end - 1].end);
    let highlights = matches
        .iter()
        .filter(|m| mark && m.start < to && m.end > from)
        .map(|m| m.start.max(from) - from..m.end.min(to) - from)
        .collect();
    let cropped = Snippet {
        text: text[from..to].to_string(),
        highlights,
        cut_before: false,
        cut_after: false,
    };
    let mut out = String::new();
    if start > 0 {
        out.push_str(&params.crop_marker);
    }
    out.push_str(&render(&cropped, params, true));
    if end < words.len() {
        out.push_str(&params.crop_marker);
    }
    out
}

/// `_matchesPosition`: for each text attribute with matches, where they
/// are (`start` and `length` in bytes of the attribute's UTF-8 text).
pub fn matches_position(doc: &Map<String, Value>, terms: &Highlight) -> Map<String, Value> {
    let mut out = Map::new();
    for name in TEXT_ATTRIBUTES {
        let Some(Value::String(text)) = doc.get(*name) else {
            continue;
        };
        let ranges = snippet::matches(text, terms);
        if !ranges.is_empty() {
            out.insert(
                name.to_string(),
                Value::Array(
                    ranges
                        .into_iter()
                        .map(|r| serde_json::json!({"start": r.start, "length": r.len()}))
                        .collect(),
                ),
            );
        }
    }
    out
}

/// A relevance score in `0..1` for `_rankingScore`: BM25 scores have no
/// upper bound, so they are squashed by `s / (s + 10)` (order-preserving,
/// the same for a document whatever page it is on).
pub fn ranking_score(score: f32) -> f64 {
    let s = f64::from(score.max(0.0));
    s / (s + 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> SearchParams {
        SearchParams {
            highlight_pre_tag: "[".into(),
            highlight_post_tag: "]".into(),
            crop_marker: "…".into(),
            ..SearchParams::default()
        }
    }

    fn terms(query: &str) -> Highlight {
        crate::search::highlight_terms(query).unwrap()
    }

    #[test]
    fn crops_around_the_matches() {
        let text = "một hai ba bốn năm sáu bảy tám Dân vận khéo chín mười mười một mười hai";
        let m = snippet::matches(text, &terms("dan van kheo"));
        assert_eq!(
            crop_text(text, m.clone(), 5, true, &params()),
            "…tám [Dân vận khéo] chín…"
        );
        assert_eq!(
            crop_text(text, Vec::new(), 3, true, &params()),
            "một hai ba…"
        );
        assert_eq!(
            crop_text(
                "ngắn  Dân\nvận",
                snippet::matches("ngắn  Dân\nvận", &terms("dan van")),
                10,
                true,
                &params()
            ),
            "ngắn [Dân vận]"
        );
        // The window with most distinct matched words wins.
        let text = "dân vận một hai ba bốn năm sáu bảy tám chín mười Dân vận khéo cuối";
        let m = snippet::matches(text, &terms("dan van kheo"));
        assert_eq!(
            crop_text(text, m, 4, true, &params()),
            "…[Dân vận khéo] cuối"
        );
        // At the end of the text the window moves left rather than shrink.
        let text = "một ba bốn năm sáu bảy tám chín mười hai";
        let m = snippet::matches(text, &terms("hai"));
        assert_eq!(
            crop_text(text, m.clone(), 4, true, &params()),
            "…tám chín mười [hai]"
        );
        assert_eq!(
            crop_text(text, m, 4, false, &params()),
            "…tám chín mười hai"
        );
    }

    #[test]
    fn formatted_highlights_without_escaping() {
        let article = StoredArticle {
            id: "a".into(),
            title: "Hải Phòng <b> dân vận".into(),
            body: "Dân vận khéo ở Hải Phòng".into(),
            city: Some("Hải Phòng".into()),
            ..StoredArticle::default()
        };
        let doc = document(&article);
        let p = SearchParams {
            attributes_to_highlight: vec!["*".into()],
            attributes_to_retrieve: Some(vec!["id".into()]),
            ..params()
        };
        let f = formatted(&doc, &p, &terms("hai phong")).unwrap();
        assert_eq!(f["title"], "[Hải Phòng] <b> dân vận");
        assert_eq!(f["city"], "[Hải Phòng]");
        assert_eq!(f["id"], "a");
        assert_eq!(f["date"], Value::Null);
        let positions = matches_position(&doc, &terms("hai phong"));
        assert_eq!(
            positions["title"],
            serde_json::json!([{"start": 0, "length": "Hải Phòng".len()}])
        );
        assert!(formatted(&doc, &params(), &terms("x")).is_none());
    }

    #[test]
    fn scores_are_between_zero_and_one() {
        assert_eq!(ranking_score(0.0), 0.0);
        assert!(ranking_score(5.0) < ranking_score(6.0));
        assert!(ranking_score(1e9) < 1.0);
    }
}
