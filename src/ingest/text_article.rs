//! Plain-text scraped pages (`.txt`, one article per file) → [`Article`].
//!
//! A page reads top to bottom as: labels/teasers, headline, byline,
//! dateline, lead (often with an outlet marker), body, then chrome. The
//! header is the part before the first long paragraph; within it the
//! dateline and the lead marker anchor where the headline is.

use super::article::Article;
use super::{boilerplate, date, source, title};
use crate::gazetteer::Gazetteer;

/// Lines longer than this are body text, not header.
const HEADER_LINE_MAX: usize = 250;
/// The header is looked for within this many non-empty lines.
const HEADER_LINES: usize = 12;

/// Extracts one article from the decoded text of a `.txt` file.
pub fn extract(id: String, path: String, text: &str, gazetteer: &Gazetteer) -> Article {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
        .collect();
    let nonempty: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    let mut header: Vec<usize> = Vec::new();
    let mut dateline: Option<(usize, super::Date, Option<super::Time>)> = None;
    let mut marker: Option<(usize, String, usize)> = None;
    for &i in nonempty.iter().take(HEADER_LINES) {
        if let Some((name, end)) = source::lead_marker(lines[i]) {
            marker = Some((i, name, end));
            break;
        }
        if lines[i].chars().count() > HEADER_LINE_MAX {
            break;
        }
        if dateline.is_none() {
            if let Some((d, t)) = date::dateline(lines[i]) {
                dateline = Some((i, d, t));
                continue;
            }
        }
        header.push(i);
    }
    // Headline candidates: header lines before the dateline, or, when the
    // dateline comes first, the ones after it.
    let candidates: Vec<usize> = match dateline {
        Some((di, _, _)) if header.iter().any(|&h| h < di) => {
            header.iter().copied().filter(|&h| h < di).collect()
        }
        Some(_) | None if marker.is_some() || dateline.is_some() => header.clone(),
        _ => header.iter().copied().take(1).collect(),
    };
    let texts: Vec<&str> = candidates.iter().map(|&i| lines[i]).collect();
    let title_line = title::pick(&texts).map(|k| candidates[k]);
    let title_text = title_line.map_or("", |i| lines[i]).to_owned();

    let after_header = [
        title_line,
        dateline.map(|d| d.0),
        marker.as_ref().map(|m| m.0.saturating_sub(1)),
    ]
    .into_iter()
    .flatten()
    .max()
    .map_or(0, |i| i + 1);
    let mut body_lines: Vec<&str> = lines[after_header.min(lines.len())..].to_vec();
    // Bylines between the headline and the lead are not body text.
    while body_lines
        .first()
        .is_some_and(|l| l.is_empty() || (title::is_byline(l) && marker.is_some()))
    {
        body_lines.remove(0);
    }
    if let Some((mi, _, end)) = &marker {
        if let Some(pos) = (after_header..lines.len()).position(|i| i == *mi) {
            body_lines[pos] = &lines[*mi][*end..];
        }
    }
    let paragraphs = boilerplate::clean(&body_lines);

    let mut article = Article {
        id,
        path,
        title: title_text,
        original: text.to_owned(),
        ..Article::default()
    };
    if let Some((_, d, t)) = dateline {
        article.date = Some(d);
        article.time = t;
    }
    article.source = marker.map(|m| m.1).or_else(|| {
        lines
            .iter()
            .rev()
            .take(20)
            .find_map(|l| source::masthead(l))
            .map(str::to_owned)
    });
    finish(&mut article, paragraphs, gazetteer, None);
    article
}

/// Splits a cleaned body (paragraphs joined by `\n`) into the lead and the
/// rest. The lead is the opening paragraphs up to about 500 characters (a
/// summary line often comes before the paragraph that names the place),
/// capped for bodies without paragraph breaks. Public so that benchmarks
/// and tests locate places on exactly the zones ingestion uses.
pub fn split_lead(body: &str) -> (&str, &str) {
    let mut lead_end = 0;
    for p in body.split('\n') {
        if lead_end > 0 && lead_end + p.len() > 1000 {
            break;
        }
        lead_end += p.len() + 1;
        if body[..lead_end.min(body.len())].chars().count() >= 500 {
            break;
        }
    }
    let cap = body.char_indices().nth(800).map_or(body.len(), |(i, _)| i);
    let lead_end = lead_end.min(body.len()).min(cap);
    let lead_end = (0..=lead_end)
        .rev()
        .find(|&i| body.is_char_boundary(i))
        .unwrap_or(0);
    body.split_at(lead_end)
}

/// Fills body, inferred year, locality and warnings from the cleaned
/// paragraphs; shared by every format.
pub(crate) fn finish(
    article: &mut Article,
    paragraphs: Vec<String>,
    gazetteer: &Gazetteer,
    city: Option<&crate::gazetteer::Province>,
) {
    let body = paragraphs.join("\n");
    let (lead, rest) = split_lead(&body);
    article.locality = gazetteer.locate_within(&article.title, lead, rest, city);
    if article.date.is_none() && article.date_inferred.is_none() {
        article.date_inferred = date::infer_year(&body);
    }
    if article.title.trim().is_empty() {
        article.warnings.push("no title found".into());
    }
    if body.trim().is_empty() {
        article.warnings.push("no article text found".into());
    }
    article.body = body;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_forms() {
        let g = Gazetteer::get();
        let a = extract(
            "x".into(),
            "x.txt".into(),
            "Mục: Thời sự\n\nĐà Nẵng khánh thành cầu mới bắc qua sông Hàn\nMinh Anh\n14h30 ngày 19/12/2023\n(TTXVN) - Sáng nay, TP Đà Nẵng khánh thành cầu.\nThân bài.\n\nTin liên quan\nĐà Nẵng: tin khác",
            g,
        );
        assert_eq!(a.title, "Đà Nẵng khánh thành cầu mới bắc qua sông Hàn");
        assert_eq!(a.date.map(|d| d.iso()).as_deref(), Some("2023-12-19"));
        assert_eq!(a.source.as_deref(), Some("TTXVN"));
        assert_eq!(a.locality.city.as_deref(), Some("Đà Nẵng"));
        assert_eq!(a.body, "Sáng nay, TP Đà Nẵng khánh thành cầu.\nThân bài.");
    }

    #[test]
    fn no_header_markers() {
        let a = extract(
            "y".into(),
            "y.txt".into(),
            "Tiêu đề bài viết không có ngày tháng\n\nĐoạn một năm 2021 của bài viết.\nĐoạn hai.",
            Gazetteer::get(),
        );
        assert_eq!(a.title, "Tiêu đề bài viết không có ngày tháng");
        assert_eq!(a.date, None);
        assert_eq!(a.date_inferred, Some(2021));
        assert_eq!(a.body, "Đoạn một năm 2021 của bài viết.\nĐoạn hai.");
    }
}
